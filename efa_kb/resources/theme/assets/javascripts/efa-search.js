/*
 * efa-kb site search: German search over the static index in <site>/search/.
 *
 * The index carries every costly decision (decompounding, synonyms, scores), so
 * this client only folds and stems the query, looks terms up in gzip shards it
 * fetches on demand and adds scores. fold/stem/words mirror
 * efa_kb/index/analysis.py, the query expansion and the ranking rules mirror
 * efa_kb/index/matching.py and whoosh_index.TerminalSearch.search: change them together.
 *
 * Where the state has not switched it off, the box reports a search to the site's own web
 * server when its results have settled, on Enter, when the page is left and when a result
 * is opened: a request for search/beacon.txt carrying the query, the number of hits and
 * the rank opened, which the server's access log records and `efa-kb report` counts. No
 * other host, no cookie, nothing about the person.
 */
(function () {
  "use strict";

  var LABELS = {
    faq: "FAQ", workaround: "Workaround", training: "Schulung", incident: "Störung",
    page: "Seite", service: "Onlinedienst", glossary: "Glossar", leistung: "Leistung"
  };
  var LIMIT = 10;
  var REPORT_SETTLE_MS = 2000;  // a query unchanged this long after its results counts as searched
  var PERSONAL = /@|\d[\d\s\/.-]{4,}\d/;  // e-mail addresses, phone and case numbers: never sent
  var script = document.currentScript;

  /* ---- analysis (mirror of analysis.py) ---------------------------------- */

  function fold(text) {
    text = text.toLowerCase().replace(/ß/g, "ss").normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    return text.replace(/(q?)(ae|oe|ue)/g, function (m, q, pair) {
      return q && pair === "ue" ? m : q + pair[0];
    });
  }

  var S_ENDING = "bdfghklmnrt", ST_ENDING = "bdfghklmnt";

  function ends(s, n, suffix) {
    return s.slice(0, n).slice(-suffix.length) === suffix;
  }

  function stem(s) {
    var n = s.length, two;
    if (n > 5 && ends(s, n, "ern")) n -= 3;
    else if (n > 4 && ((two = s.slice(n - 2, n)) === "em" || two === "en" || two === "er" || two === "es")) n -= 2;
    else if (n > 3 && s[n - 1] === "e") n -= 1;
    else if (n > 3 && s[n - 1] === "s" && S_ENDING.indexOf(s[n - 2]) >= 0) n -= 1;
    if (n > 5 && ends(s, n, "est")) n -= 3;
    else if (n > 4 && ((two = s.slice(n - 2, n)) === "er" || two === "en")) n -= 2;
    else if (n > 4 && ends(s, n, "st") && ST_ENDING.indexOf(s[n - 3]) >= 0) n -= 2;
    return s.slice(0, n);
  }

  function words(text, stop) {
    var out = [], pos = 0, re = /[a-z0-9]+(?:-[a-z0-9]+)*/g, m, parts, i;
    text = fold(text);
    while ((m = re.exec(text))) {
      parts = m[0].split("-");
      for (i = 0; i < parts.length; i++) {
        if (!stop.has(parts[i])) out.push({ text: parts[i], pos: pos, stem: stem(parts[i]) });
        pos++;
      }
    }
    return out;
  }

  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = [], prev = [], cur, i, j, v, best;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      best = i;
      for (j = 1; j <= b.length; j++) {
        v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  /* ---- index files -------------------------------------------------------- */

  function Index(base) {
    this.base = base;
    this.files = new Map();
    this.shards = [];       // term shards loaded so far, by number
    this.merged = null;     // a Vocab of all of them, rebuilt when one more arrives
    this.manifest = this.load("index.json.gz");
  }

  Index.prototype.load = function (path) {
    var files = this.files;
    if (!files.has(path)) {
      files.set(path, fetch(new URL(path, this.base)).then(function (response) {
        if (!response.ok) throw new Error("efa-search: " + path + " " + response.status);
        return response.arrayBuffer();
      }).then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
          var stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"));
          return new Response(stream).text();
        }
        return new TextDecoder().decode(bytes);  // the server already undid the gzip
      }).then(JSON.parse).catch(function (error) {
        files.delete(path);  // let the next keystroke try again
        throw error;
      }));
    }
    return files.get(path);
  };

  /** Shards whose term range overlaps [lo, hi). */
  Index.prototype.shardsFor = function (m, lo, hi) {
    var shards = m.shards, picked = [], i;
    for (i = 0; i < shards.length; i++) {
      var first = shards[i], next = i + 1 < shards.length ? shards[i + 1] : null;
      if (first < hi && (next === null || next > lo)) picked.push(i);
    }
    return picked;
  };

  /**
   * The shards a word needs: those holding its exact, stemmed and shortened forms, the
   * first shards of its completions, and, for typo tolerance, every shard of terms with
   * the same first letters as long as that range is small (on small sites: all).
   */
  Index.prototype.shardsForWord = function (m, word) {
    var self = this, picked = new Set(), s = stem(word), cut, k, range;
    function add(list) { list.forEach(function (i) { picked.add(i); }); }
    function point(term) { add(self.shardsFor(m, term, term + "\u0000")); }
    point(word);
    point(s);
    if (m.places) point("@" + s);
    if (s.length >= 4) m.tuning.endings.forEach(function (ending) { point(s + ending); });
    for (cut = 1; cut < 4; cut++) if (word.length - cut >= 4) point(word.slice(0, -cut));
    if (word.length >= m.tuning.minPrefix) add(this.shardsFor(m, word, word + "\uffff").slice(0, 2));
    if (maxTypos(s)) {
      for (k = 1; k <= 4; k++) {
        range = this.shardsFor(m, word.slice(0, k), word.slice(0, k) + "\uffff");
        if (range.length <= 3) { add(range); break; }
      }
    }
    return Array.from(picked).sort(function (a, b) { return a - b; });
  };

  /**
   * Loads the given shards, then matches against every shard loaded so far: on a small
   * site that is all of them (as the terminal search does), on a large one the shards
   * met while the query was typed, which lets a late typo still find its word.
   */
  Index.prototype.vocab = function (m, shardNumbers) {
    var self = this;
    return Promise.all(shardNumbers.map(function (i) {
      return self.load(m.dir + "/t/" + i + ".json.gz").then(function (data) { self.shards[i] = data; });
    })).then(function () { return self.current(); });
  };

  /** A Vocab of every shard loaded so far. */
  Index.prototype.current = function () {
    var loaded = this.shards.filter(Boolean);
    if (!this.merged || this.merged.count !== loaded.length) {
      this.merged = new Vocab(loaded);
      this.merged.count = loaded.length;
    }
    return this.merged;
  };

  function Vocab(parts) {
    this.postings = {};
    this.terms = [];
    for (var p = 0; p < parts.length; p++) {
      var keys = Object.keys(parts[p]).sort();
      for (var k = 0; k < keys.length; k++) {
        if (!(keys[k] in this.postings)) this.terms.push(keys[k]);
        this.postings[keys[k]] = parts[p][keys[k]];
      }
    }
    this.terms.sort();
  }

  Vocab.prototype.has = function (t) { return Object.prototype.hasOwnProperty.call(this.postings, t); };

  Vocab.prototype.startingWith = function (prefix) {
    var lo = 0, hi = this.terms.length, mid, out = [];
    while (lo < hi) { mid = (lo + hi) >> 1; if (this.terms[mid] < prefix) lo = mid + 1; else hi = mid; }
    for (var i = lo; i < this.terms.length && this.terms[i].lastIndexOf(prefix, 0) === 0; i++) out.push(this.terms[i]);
    return out.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0); });
  };

  /* ---- query expansion (mirror of matching.py) ---------------------------- */

  function maxTypos(word) { return word.length < 4 ? 0 : word.length < 8 ? 1 : 2; }

  /**
   * Mirror of matching._alternatives: completions only for the ``last`` word (the one being
   * typed), typing errors only with ``typos`` and only for a word the index does not have.
   */
  function alternatives(word, vocab, t, last, typos) {
    var s = stem(word), alts = new Map(), i, list, term, d;
    function add(term, factor) { if (factor > (alts.get(term) || 0)) alts.set(term, factor); }
    [s, word].forEach(function (exact) { if (vocab.has(exact)) add(exact, t.exact); });
    if (last && word.length >= t.minPrefix) {
      list = vocab.startingWith(word).slice(0, t.maxPrefixTerms);
      for (i = 0; i < list.length; i++) add(list[i], t.prefixMin + (t.prefixMax - t.prefixMin) * word.length / list[i].length);
    }
    for (i = 1; i < 4; i++) {
      term = word.slice(0, -i);
      if (term.length >= 4 && term !== s && vocab.has(term)) add(term, t.inflected);
    }
    if (s.length >= 4) {
      t.endings.forEach(function (ending) { if (vocab.has(s + ending)) add(s + ending, t.inflected); });
    }
    var allowed = !typos || vocab.has(s) || vocab.has(word) ? 0 : maxTypos(s);
    if (allowed) {
      list = vocab.startingWith(s[0]);
      for (i = 0; i < list.length; i++) {
        term = list[i];
        if (term[0] === "=") continue;
        if (Math.abs(term.length - s.length) <= allowed) {
          d = distance(s, term, allowed);
          if (d <= allowed) add(term, t.typo[d]);
        }
      }
      if (last && word.length >= 5) {
        list = vocab.startingWith(word[0]);
        for (i = 0; i < list.length; i++) {
          term = list[i];
          if (term.length > word.length && term[0] !== "=" && distance(word, term.slice(0, word.length), 1) <= 1) add(term, t.typo[2]);
        }
      }
    }
    return alts;
  }

  function strongest(alts, t) {
    var best = 0;
    alts.forEach(function (f) { if (f > best) best = f; });
    return best >= t.inflected;
  }

  function token(text, alts) {
    var list = [];
    alts.forEach(function (f, term) { list.push([term, Math.round(f * 10000) / 10000]); });
    list.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    return { text: text, alts: list };
  }

  function stopSet(m) {
    if (!m._stop) m._stop = new Set(m.stopwords);
    return m._stop;
  }

  var KEEP = new Set();  // words(text, KEEP): every word, stop words included

  /** Mirror of matching._separable: the infinitive of a separable verb written particle first. */
  function separable(word, sep) {
    var forms = [word], i, found;
    if (/(et|st)$/.test(word)) forms.push(word.slice(0, -2));
    if (/t$/.test(word)) forms.push(word.slice(0, -1));
    for (i = 0; i < forms.length; i++) {
      found = sep[stem(forms[i])];
      if (found) return found;
    }
    return "";
  }

  /** Mirror of matching.rejoin: the query's words with separated verbs joined again. */
  function rejoin(query, m) {
    var every = words(query, KEEP), stop = stopSet(m), sep = m.separable || {}, result = new Map(), k, v;
    every.forEach(function (w) { if (!stop.has(w.text)) result.set(w.pos, w); });
    for (k = 1; k < every.length; k++) {
      for (v = 0; v < k; v++) {
        var verb = every[v];
        if (!result.has(verb.pos) && !stop.has(verb.text)) continue;
        var joined = separable(every[k].text + verb.text, sep);
        if (joined) {
          result.delete(every[k].pos);
          result.set(verb.pos, { text: joined, pos: verb.pos, stem: stem(joined), joined: true });
          break;
        }
      }
    }
    return Array.from(result.keys()).sort(function (a, b) { return a - b; }).map(function (p) { return result.get(p); });
  }

  /** Synonym phrases: single words and exact word sequences (mirror of PhraseTable). */
  function phraseIndex(entries) {
    var single = new Map(), multi = new Map();
    entries.forEach(function (entry) {
      var p = entry[0], g = entry[1];
      if (p.length === 1) { if (!single.has(p[0][1])) single.set(p[0][1], g); }
      else {
        if (!multi.has(p[0][1])) multi.set(p[0][1], []);
        multi.get(p[0][1]).push([p, g]);
      }
    });
    return { single: single, multi: multi };
  }

  /** Group tokens per word index (mirror of PhraseTable.found_in + matching._synonyms). */
  function synonyms(ws, idx) {
    var byPos = new Map(), indexOf = new Map(), result = new Map();
    ws.forEach(function (w, i) {
      if (!w.joined) {
        if (!byPos.has(w.pos)) byPos.set(w.pos, new Set());
        byPos.get(w.pos).add(w.stem);
      }
      indexOf.set(w.pos, i);
    });
    function note(start, g, phrase) {
      phrase.forEach(function (entry) {
        var i = indexOf.get(ws[start].pos + entry[0]);
        if (i === undefined) return;
        if (!result.has(i)) result.set(i, []);
        if (result.get(i).indexOf(g) < 0) result.get(i).push(g);
      });
    }
    ws.forEach(function (w, i) {
      var g = idx.single.get(w.stem);
      if (g) note(i, g, [[0, w.stem]]);
      if (w.joined) return;
      (idx.multi.get(w.stem) || []).forEach(function (pg) {
        var ok = pg[0].every(function (e) { var at = byPos.get(w.pos + e[0]); return at && at.has(e[1]); });
        if (ok) note(i, pg[1], pg[0]);
      });
    });
    return result;
  }

  /** Everyday phrases by their first stem, in the order Python sorts them. */
  function everydayIndex(m) {
    if (!m._everyday) {
      var byFirst = new Map();
      (m.everyday || []).forEach(function (entry) {
        var first = entry[0][0][1];
        if (!byFirst.has(first)) byFirst.set(first, []);
        byFirst.get(first).push(entry);
      });
      m._everyday = byFirst;
    }
    return m._everyday;
  }

  /**
   * Mirror of Lexicon.everyday_in: [first index, terms, indexes of the phrase's words] for
   * every everyday phrase whose words come in order with at most ``gap`` words between.
   */
  function everydayIn(ws, m) {
    var idx = everydayIndex(m), gap = m.tuning.everydayGap, found = [];
    ws.forEach(function (w, i) {
      (idx.get(w.stem) || []).forEach(function (entry) {
        var phrase = entry[0], at = [i], k, j, next;
        for (k = 1; k < phrase.length; k++) {
          var previous = at[at.length - 1], limit = phrase[k][0] - phrase[k - 1][0] + gap;
          next = -1;
          for (j = previous + 1; j < ws.length; j++) {
            if (ws[j].stem === phrase[k][1] && !ws[j].joined && ws[j].pos - ws[previous].pos <= limit) { next = j; break; }
          }
          if (next < 0) return;
          at.push(next);
        }
        found.push([i, entry[1], at]);
      });
    });
    return found;
  }

  /** Administrative terms per word index (mirror of matching._everyday). */
  function everydayTerms(ws, m) {
    var result = new Map();
    everydayIn(ws, m).forEach(function (match) {
      match[2].forEach(function (i) {
        if (!result.has(i)) result.set(i, []);
        match[1].forEach(function (term) { if (result.get(i).indexOf(term) < 0) result.get(i).push(term); });
      });
    });
    return result;
  }

  /** Mirror of matching._question_tokens: the listed question phrases, as [text, terms]. */
  function questions(query, m) {
    var every = words(query, KEEP), stop = stopSet(m), found = [];
    everydayIn(every, m).forEach(function (match) {
      var all = match[2].every(function (i) { return stop.has(every[i].text); });
      if (all) found.push([match[2].map(function (i) { return every[i].text; }).join(" "), match[1]]);
    });
    return found;
  }

  Index.prototype.termVocab = function (m, terms) {
    var self = this, numbers = new Set();
    terms.forEach(function (term) {
      var i = self.shardsFor(m, term, term + "\u0000");
      i.forEach(function (n) { numbers.add(n); });
    });
    return this.vocab(m, Array.from(numbers));
  };

  /** Mirror of matching.parse_query. */
  Index.prototype.tokens = function (query) {
    var self = this;
    return this.manifest.then(function (m) {
      var t = m.tuning, ws = rejoin(query, m);
      if (!m._phrases) m._phrases = phraseIndex(m.phrases);
      var groups = synonyms(ws, m._phrases), everyday = everydayTerms(ws, m), asked = questions(query, m);
      var groupTerms = [];
      groups.forEach(function (list) { groupTerms = groupTerms.concat(list); });
      everyday.forEach(function (list) { groupTerms = groupTerms.concat(list); });
      asked.forEach(function (q) { groupTerms = groupTerms.concat(q[1]); });
      var loads = ws.map(function (w) { return self.vocab(m, self.shardsForWord(m, w.text)); });
      return Promise.all(loads.concat([self.termVocab(m, groupTerms)])).then(function () {
        var chain = Promise.resolve([]);
        ws.forEach(function (w, i) {
          chain = chain.then(function (tokens) {
            var vocab = self.current(), known = groups.has(i) || everyday.has(i) || !!w.joined;
            var alts = alternatives(w.text, vocab, t, i === ws.length - 1, !known);
            (groups.get(i) || []).forEach(function (g) {
              if (vocab.has(g)) alts.set(g, Math.max(alts.get(g) || 0, t.synonym));
            });
            (everyday.get(i) || []).forEach(function (term) {
              if (vocab.has(term)) alts.set(term, Math.max(alts.get(term) || 0, t.colloquial));
            });
            if (!known && !strongest(alts, t)) {
              return self.split(m, w.text, vocab, t).then(function (parts) {
                return tokens.concat(parts || [token(w.text, alts)]);
              });
            }
            return tokens.concat([token(w.text, alts)]);
          });
        });
        return chain.then(function (tokens) {
          var vocab = self.current();
          asked.forEach(function (q) {
            var alts = new Map();
            q[1].forEach(function (term) { if (vocab.has(term)) alts.set(term, t.colloquial); });
            if (alts.size) tokens.push(token(q[0], alts));
          });
          return tokens;
        });
      });
    });
  };

  /** A compound the index does not know, split into a known head and the rest. */
  Index.prototype.split = function (m, word, vocab, t) {
    var self = this, links = ["es", "en", "er", "s", "n", "e", ""];
    if (word.length < 7) return Promise.resolve(null);
    var candidates = [];
    for (var j = word.length - 3; j > 3; j--) {
      var head = word.slice(0, j);
      if (!vocab.has(head) && !vocab.has(stem(head))) continue;
      links.forEach(function (link) {
        if (word.slice(j, j + link.length) !== link) return;
        var rest = word.slice(j + link.length);
        if (rest.length >= 3) candidates.push([head, rest]);
      });
    }
    var chain = Promise.resolve(null);
    candidates.forEach(function (c) {
      chain = chain.then(function (found) {
        if (found) return found;
        return self.vocab(m, self.shardsForWord(m, c[1])).then(function (restVocab) {
          var restAlts = alternatives(c[1], restVocab, t, true, true);
          if (!strongest(restAlts, t)) return null;
          var headAlts = alternatives(c[0], restVocab, t, true, true);
          headAlts.forEach(function (f, k) { headAlts.set(k, f * t.split); });
          restAlts.forEach(function (f, k) { restAlts.set(k, f * t.split); });
          return [token(c[0], headAlts), token(c[1], restAlts)];
        });
      });
    });
    return chain;
  };

  /* ---- scoring (mirror of whoosh_index.TerminalSearch.search) -------------- */

  function decode(flat) {
    var docs = new Map(), doc = 0;
    for (var i = 0; i < flat.length; i += 2) { doc += flat[i]; docs.set(doc, flat[i + 1]); }
    return docs;
  }

  /** Ranked hits with their display data; null if ``stale()`` says a newer query came. */
  Index.prototype.search = function (query, stale) {
    var self = this;
    return Promise.all([this.manifest, this.tokens(query)]).then(function (r) {
      var m = r[0], tokens = r[1], totals = new Map(), matched = new Map(), vocab = self.current();
      tokens.forEach(function (tok) {
        var best = new Map();
        tok.alts.forEach(function (alt) {
          var flat = vocab.postings[alt[0]];
          if (!flat) return;
          decode(flat).forEach(function (impact, doc) {
            var s = impact * alt[1];
            if (s > (best.get(doc) || 0)) best.set(doc, s);
          });
        });
        best.forEach(function (s, doc) {
          totals.set(doc, (totals.get(doc) || 0) + s);
          matched.set(doc, (matched.get(doc) || 0) + 1);
        });
      });
      var n = tokens.length, ranked = [], glossary = glossaryTitles(m), intent = intentOf(query, m);
      var facets = docFacets(m), t = m.tuning;
      totals.forEach(function (s, doc) {
        var score = s * Math.pow(matched.get(doc) / n, t.coordPower) / t.scale;
        var title = glossary.get(doc), has = facets.get(doc) || "";
        if (title && !onlyTheTerm(tokens, title)) score *= t.glossaryFactor;
        // mirror of matching.adjusted
        if (intent.facets && intent.facets.split("").some(function (f) { return has.indexOf(f) >= 0; })) {
          score *= t.facetBoost;
        }
        if (intent.kinds.some(function (kind) { return kindDocs(m, kind).has(doc); })) score *= t.intentBoost;
        if (intent.services.length) {
          var own = docServices(m, doc);
          if (own.length && !own.some(function (s) { return intent.services.indexOf(s) >= 0; })) score *= t.serviceFactor;
        }
        ranked.push([score, doc]);
      });
      ranked.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
      ranked = ranked.slice(0, LIMIT);
      if (stale && stale()) return null;  // do not fetch display data nobody will see
      var places = placesNamed(query, m, vocab);
      return Promise.all(ranked.map(function (h) {
        return self.load(m.dir + "/d/" + Math.floor(h[1] / m.chunk) + ".json.gz").then(function (chunk) {
          var d = chunk[h[1] % m.chunk];
          return { id: d[0], url: d[1], title: d[2], answer: d[3], kind: d[4],
                   place: d[5] || places.get(h[1]) || "", score: h[0] };
        });
      }));
    });
  };

  /** Glossary entries (document number → their title's terms), from the manifest. */
  function glossaryTitles(m) {
    if (!m._glossary) {
      m._glossary = new Map();
      (m.glossary || []).forEach(function (entry) { m._glossary.set(entry[0], new Set(entry[1])); });
    }
    return m._glossary;
  }

  /** Mirror of matching.asked_facets: the facts (letters) the query asks a Leistung for. */
  function askedFacets(ws, m) {
    var starts = (m.facets || {}).words || {}, found = "";
    Object.keys(starts).forEach(function (letter) {
      var hit = ws.some(function (w) {
        return starts[letter].some(function (start) { return w.text.lastIndexOf(start, 0) === 0; });
      });
      if (hit) found += letter;
    });
    return found;
  }

  function foldId(service) { return service.toLowerCase().replace(/[^a-z0-9]/g, ""); }

  /** Mirror of matching.intent_of: the facts, kinds and services the query asks for. */
  function intentOf(query, m) {
    var ws = words(query, stopSet(m)), texts = ws.map(function (w) { return w.text; });
    var stems = new Set(ws.map(function (w) { return w.stem; })), intents = m.intents || {};
    function starts(list) {
      return list.some(function (start) { return texts.some(function (x) { return x.lastIndexOf(start, 0) === 0; }); });
    }
    var services = [];
    (m.serviceSets || []).forEach(function (set) {
      set.forEach(function (s) {
        var id = foldId(s);
        if (services.indexOf(s) < 0 && (texts.indexOf(id) >= 0 || stems.has(stem(id)) ||
            (id.length >= 6 && texts.some(function (x) { return x.lastIndexOf(id, 0) === 0; })))) services.push(s);
      });
    });
    return {
      facets: askedFacets(ws, m),
      kinds: Object.keys(intents).filter(function (kind) { return starts(intents[kind]); }),
      services: services
    };
  }

  /** Documents of a kind the query can ask for (incidents, glossary, trainings). */
  function kindDocs(m, kind) {
    if (!m._kinds) m._kinds = {};
    if (!m._kinds[kind]) m._kinds[kind] = new Set((m.kindDocs || {})[kind] || []);
    return m._kinds[kind];
  }

  /** The services of a document, from the run-length coded manifest. */
  function docServices(m, doc) {
    var runs = m.docServices || [], lo = 0, hi = runs.length - 1, mid;
    if (!runs.length) return [];
    while (lo < hi) { mid = (lo + hi + 1) >> 1; if (runs[mid][0] <= doc) lo = mid; else hi = mid - 1; }
    return runs[lo][0] <= doc ? m.serviceSets[runs[lo][1]] : [];
  }

  /** Leistungen (document number → the letters of the facts they carry), from the manifest. */
  function docFacets(m) {
    if (!m._facets) {
      m._facets = new Map();
      ((m.facets || {}).docs || []).forEach(function (entry) { m._facets.set(entry[0], entry[1]); });
    }
    return m._facets;
  }

  /** Mirror of matching.only_the_term: every query word matches the entry's title. */
  function onlyTheTerm(tokens, title) {
    return tokens.every(function (tok) {
      return tok.alts.some(function (alt) { return title.has(alt[0]); });
    });
  }

  /**
   * Mirror of matching.matched_place over the "@" entries of the loaded shards
   * ([name, doc delta, …, name, …]): document number → the place the query names.
   */
  function placesNamed(query, m, vocab) {
    var asked = new Set(), counts = new Map(), result = new Map();
    words(query, new Set(m.stopwords)).forEach(function (w) { asked.add("@" + w.stem); });
    asked.forEach(function (key) {
      var flat = vocab.postings[key], name = null, doc = 0;
      if (!flat) return;
      for (var i = 0; i < flat.length; i++) {
        if (typeof flat[i] === "string") { name = flat[i]; doc = 0; continue; }
        doc += flat[i];
        if (!counts.has(doc)) counts.set(doc, new Map());
        counts.get(doc).set(name, (counts.get(doc).get(name) || 0) + 1);
      }
    });
    counts.forEach(function (names, doc) {
      var best = "", bestCount = 0;
      names.forEach(function (count, name) {
        if (count > bestCount || (count === bestCount && (name.length < best.length ||
            (name.length === best.length && name < best)))) { best = name; bestCount = count; }
      });
      result.set(doc, best);
    });
    return result;
  }

  /* ---- user interface: WAI-ARIA combobox with a listbox popup -------------- */

  function siteRoot(root) {
    if (script && script.src) return new URL("../../", script.src);
    return new URL((root.getAttribute("data-efa-base") || ".") + "/", document.baseURI);
  }

  function setup(root) {
    var input = root.querySelector(".efa-search__input");
    var panel = root.querySelector(".efa-search__panel");
    var list = root.querySelector(".efa-search__results");
    var status = root.querySelector(".efa-search__status");
    var base = siteRoot(root);
    var index = null, sequence = 0, active = -1;
    var report = null, shown = null, reported = null, settleTimer = null;

    function ensureIndex() {
      if (!index) {
        index = new Index(new URL("search/", base));
        index.manifest.then(function (m) { report = m.report || null; }, function () {});
      }
      return index;
    }

    /* ---- the search report (S6): one request to the own server per search ---- */

    function beacon(params) {
      if (!report) return;
      var url = new URL("search/" + report.url, base);
      params.v = "1";
      params.s = report.state;
      params.z = Math.random().toString(36).slice(2, 10);  // never answered from a cache
      Object.keys(params).forEach(function (key) { url.searchParams.set(key, params[key]); });
      try {
        fetch(url.href, { cache: "no-store", keepalive: true, credentials: "omit" }).catch(function () {});
      } catch (e) { /* reporting never disturbs searching */ }
    }

    function reportable(query) { return query && query.length <= 200 && !PERSONAL.test(query); }

    /** The query on screen counts as searched (once, until the query changes). */
    function reportSearch() {
      clearTimeout(settleTimer);
      if (!shown || shown.query === reported) return;
      reported = shown.query;
      if (reportable(shown.query)) beacon({ e: "q", q: shown.query.slice(0, 100), n: String(shown.count) });
    }

    /** A result of the query on screen was opened (``rank`` from 1). */
    function reportOpen(rank) {
      reportSearch();
      if (shown && reportable(shown.query)) {
        beacon({ e: "o", q: shown.query.slice(0, 100), n: String(shown.count), r: String(rank) });
      }
    }

    function go(option) {
      var rank = Array.prototype.indexOf.call(options(), option) + 1;
      reportOpen(rank);
      window.location.href = option.getAttribute("data-href");
    }

    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) select(-1);
    }

    function options() { return list.querySelectorAll("[role=option]"); }

    function select(i) {
      var opts = options();
      if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && opts[i]) {
        opts[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest", inline: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function element(tag, cls, text) {
      var el = document.createElement(tag);
      if (cls) el.className = cls;
      if (text) el.textContent = text;
      return el;
    }

    function render(query, hits, started) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      hits.forEach(function (hit, i) {
        var li = element("li", "efa-search__item");
        li.id = "efa-search-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-id", hit.id);
        li.setAttribute("data-url", hit.url);
        // An option must not contain a link (nested interactive controls): the option
        // itself navigates, by click or by Enter in the box.
        var a = element("span", "efa-search__link");
        li.setAttribute("data-href", new URL(hit.url, base).href);
        var meta = element("span", "efa-search__meta");
        meta.appendChild(element("span", "efa-search__kind efa-search__kind--" + hit.kind, LABELS[hit.kind] || hit.kind));
        if (hit.place) meta.appendChild(element("span", "efa-search__place", hit.place));
        a.appendChild(meta);
        a.appendChild(element("span", "efa-search__title", hit.title));
        if (hit.answer) a.appendChild(element("span", "efa-search__answer", hit.answer));
        li.appendChild(a);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { go(li); });
        list.appendChild(li);
      });
      if (!hits.length) {
        var none = element("li", "efa-search__empty", "Keine Treffer. Andere Schreibweise oder ein Teilwort versuchen.");
        none.setAttribute("role", "presentation");
        list.appendChild(none);
      }
      status.textContent = hits.length
        ? hits.length + (hits.length === 1 ? " Treffer" : " Treffer") + " für „" + query + "“"
        : "Keine Treffer für „" + query + "“";
      open(true);
      root.setAttribute("data-efa-ms", String(Math.round(performance.now() - started)));
      root.setAttribute("data-efa-done", query);
      var said = query.replace(/\s+/g, " ");
      if (!shown || shown.query !== said) {
        clearTimeout(settleTimer);
        shown = { query: said, count: hits.length };
        settleTimer = setTimeout(function () {
          if (input.value.trim().replace(/\s+/g, " ") === said) reportSearch();
        }, REPORT_SETTLE_MS);
      }
    }

    var running = false, pending = false;

    /* One search at a time; keys typed meanwhile coalesce into one search for the latest
       text, so a slow network is not asked for the results of every keystroke. */
    function run() {
      if (running) { pending = true; ++sequence; root.removeAttribute("data-efa-done"); return; }
      var query = input.value.trim(), mine = ++sequence, started = performance.now();
      root.removeAttribute("data-efa-done");
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        open(false);
        root.setAttribute("data-efa-done", "");
        return;
      }
      running = true;
      function stale() { return mine !== sequence; }
      ensureIndex().search(query, stale).then(function (hits) {
        if (hits && !stale()) render(query, hits, started);
      }).catch(function (error) {
        if (stale()) return;
        status.textContent = "Die Suche ist gerade nicht verfügbar.";
        root.setAttribute("data-efa-done", query);
        if (window.console) console.error(error);
      }).then(function () {
        running = false;
        if (pending) { pending = false; run(); }
      });
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () {
      ensureIndex();
      if (list.children.length && input.value.trim()) open(true);
    });
    input.addEventListener("blur", function () { open(false); });
    // leaving the page before the results settled (a new call, the tab closed) still counts
    window.addEventListener("pagehide", function () {
      if (shown && input.value.trim().replace(/\s+/g, " ") === shown.query) reportSearch();
    });
    input.addEventListener("keydown", function (event) {
      var count = options().length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) return;
        event.preventDefault();
        if (panel.hidden) open(true);
        var step = event.key === "ArrowDown" ? 1 : -1;
        select(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
      } else if (event.key === "Enter") {
        var opts = options(), chosen = opts[active >= 0 ? active : 0];
        if (chosen && !panel.hidden) {
          event.preventDefault();
          go(chosen);
        } else if (shown && input.value.trim()) {
          reportSearch();
        }
      } else if (event.key === "Escape") {
        if (!panel.hidden) { event.preventDefault(); open(false); }
        else if (input.value) { event.preventDefault(); input.value = ""; run(); }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))) return;
      try { if (window.localStorage.getItem("efa-kb.shortcuts") === "off") return; } catch (e) { /* private mode */ }
      event.preventDefault();
      input.focus();
      input.select();
    });
    if (input.value.trim()) run();
  }

  window.efaSearch = {
    fold: fold, stem: stem, words: words,
    open: function (base) { return new Index(new URL("search/", base)); }
  };

  function start() {
    var roots = document.querySelectorAll("[data-efa-search]");
    for (var i = 0; i < roots.length; i++) setup(roots[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
