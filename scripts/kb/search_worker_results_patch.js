/* Appended by `kb build` to mkdocs-material's search worker, before search_worker_patch.js
 * (see kb/assets.py). It reshapes the results the worker sends to the page; what matches is
 * unchanged.
 *
 * Names first. The theme ranks by lunr's score, in which any word found among a record's names
 * (its front-matter tags) counts a million times. "steroids before transfer" then put the test
 * with the alias "precision immune care before embryo transfer" (two words found) above
 * Corticosteroids, whose alias "steroids" was typed whole (one word found). A name is typed when
 * the query holds every word of it (see `matches` for how much of a word must be typed; stop
 * words need not be); results are ordered by how many of the query's words such names take up,
 * and otherwise as the theme ordered them.
 *
 * The answer, not the aliases. The theme shows a page's tags as chips under its title: for a
 * record, 15 to 40 names and misspellings that filled a phone's screen and said nothing about
 * the evidence. The chips are dropped. A record's own entry carries the answer kb drew for it
 * (`search_answer`: kind, certainty, direction, first sentence of the plain summary; see
 * kb/search_index.py), shown in place of the entry's text. The theme shows an entry's text only
 * when the entry leads its group, so a record's entry is put first and its matching sections
 * fold into "N more on this page".
 *
 * The worker answers with a global postMessage call, so wrapping postMessage sees every result
 * before the page does. The query is read in Index#search, which kb's query rule wraps in turn
 * (it is appended after this patch), so the words are read as the rule has rewritten them.
 */
(function (lunr) {
  "use strict"
  var RESULT = 3  // mkdocs-material's SearchMessageType.RESULT
  var search = lunr.Index.prototype.search
  var post = self.postMessage
  var typed = []  // the last query's words, as {word, prefix}

  // The words lunr searches for, read by lunr's own parser from the query the theme made of
  // what was typed ("steroids* before* transfer*"), each split as the index splits words, with
  // prefix set where the theme searches for the word as a prefix; no stop words, no -words.
  function queryWords(query) {
    var parsed = new lunr.Query(["title", "text", "tags"])
    try {
      new lunr.QueryParser(query, parsed).parse()
    } catch (error) {
      return []  // the search itself fails on the same query, and the theme says so
    }
    var words = {}
    parsed.clauses.forEach(function (clause) {
      if (clause.presence === lunr.Query.presence.PROHIBITED)
        return
      var prefix = /\*$/.test(clause.term)
      var parts = clause.term.toLowerCase().replace(/\*+$/, "").split(lunr.tokenizer.separator)
        .filter(function (word) { return word && lunr.stopWordFilter(word) })
      parts.forEach(function (word, i) {
        var term = { word: word, prefix: prefix && i === parts.length - 1 }
        words[JSON.stringify(term)] = term  // the theme may hand lunr a word twice
      })
    })
    var terms = Object.keys(words).map(function (key) { return words[key] })
    if (terms.length)
      terms[terms.length - 1].last = true  // the word the reader may still be typing
    return terms
  }

  // A result's names are HTML: escaped as kb wrote them, with the matched words highlighted.
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#x27;": "'" }
  function plain(html) {
    return html.replace(/<[^>]*>/g, "").replace(/&(amp|lt|gt|quot|#x27);/g, function (entity) {
      return ENTITIES[entity]
    })
  }

  // The words of a name as the index splits them, without stop words.
  function nameWords(name) {
    return plain(name).toLowerCase().split(lunr.tokenizer.separator).filter(function (word) {
      return word && lunr.stopWordFilter(word)
    })
  }

  // A word of a name is typed when it is typed whole, or short of a plural's letters ("steroid"
  // for "steroids"), or as the start of the last word, which the reader may still be typing.
  // Any other prefix is not: "embryo" in "intralipid before embryo transfer" does not type the
  // name "EmbryoGlue", though the theme searches every word as a prefix.
  var PLURAL = 2
  function matches(term, word) {
    if (word === term.word)
      return true
    return term.prefix && word.lastIndexOf(term.word, 0) === 0 &&
      (term.last || word.length - term.word.length <= PLURAL)
  }

  // How many of the query's words are taken up by names typed whole. The theme has marked the
  // words that matched in each name: a name with no mark cannot have been typed.
  function wordsInTypedNames(names) {
    var used = {}
    names.forEach(function (name) {
      if (name.indexOf("<mark") < 0)
        return
      var hits = {}
      var whole = nameWords(name).every(function (word) {
        var found = false
        typed.forEach(function (term, i) {
          if (matches(term, word)) { hits[i] = found = true }
        })
        return found
      })
      if (whole)
        Object.keys(hits).forEach(function (i) { used[i] = true })
    })
    return Object.keys(used).length
  }

  function isPage(item) {
    return item.location.indexOf("#") < 0
  }

  // A record's entry leads its group with the answer; no item shows the names as chips.
  function showAnswer(group) {
    var page = group.filter(isPage)[0]
    group.forEach(function (item) { delete item.tags })
    if (!page || !page.search_answer)
      return group
    var best = Math.max.apply(null, group.map(function (item) { return item.score }))
    var rest = group.filter(function (item) { return item !== page })
    page.score = best + 1  // sections below the first item's score fold into "more on this page"
    page.text = page.search_answer
    Object.keys(page.terms).forEach(function (term) {  // the answer has no room for "Missing: ..."
      if (!page.terms[term]) delete page.terms[term]
    })
    return [page].concat(rest)
  }

  function reshape(groups) {
    return groups.map(function (group, order) {
      var page = group.filter(isPage)[0]
      return { group: group, order: order, names: page && page.tags ? wordsInTypedNames(page.tags) : 0 }
    }).sort(function (a, b) {
      return b.names - a.names || a.order - b.order
    }).map(function (ranked) {
      return showAnswer(ranked.group)
    })
  }

  lunr.Index.prototype.search = function (query) {
    typed = queryWords(query)
    return search.call(this, query)
  }

  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && message.data.items)
      message.data.items = reshape(message.data.items)
    return post.apply(self, arguments)
  }
})(self.lunr)
