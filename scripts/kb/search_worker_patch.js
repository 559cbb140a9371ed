/* Appended by `kb build` to mkdocs-material's search worker (see kb/assets.py).
 *
 * The theme turns every typed word into a prefix: "protein C test" is searched as
 * "protein* c* test*". A one-character word then matches every word in the index that starts
 * with that letter, and a record with many such words outranks the one whose name was typed
 * ("protein C test", "Gamunex-C", "TH-1 cytokine blockers"). Here a one-character word matches
 * only itself, as long as the reader has typed another word too; a lone first letter stays a
 * prefix, so results still appear from the first key press.
 *
 * The worker has already set `self.lunr`; the theme calls Index#search with its transformed
 * query, so wrapping that one method changes which documents match and nothing else.
 */
(function (lunr) {
  "use strict"
  var search = lunr.Index.prototype.search
  // A word as lunr's query lexer reads it: split at spaces and hyphens, with the theme's "*" after it.
  var ONE_CHARACTER_PREFIX = /(^|[\s-])([^\s\-+*:^~])\*(?=\s|$)/g

  // True when some typed word, stripped of lunr's markers (+ - * ~n ^n), is longer than one character.
  function hasLongerWord(query) {
    return query.split(/[\s-]+/).some(function (word) {
      return word.replace(/^[+-]+/, "").replace(/[~^]\d*$/, "").replace(/\*$/, "").length > 1
    })
  }

  lunr.Index.prototype.search = function (query) {
    if (hasLongerWord(query))
      query = query.replace(ONE_CHARACTER_PREFIX, "$1$2")
    return search.call(this, query)
  }
})(self.lunr)
