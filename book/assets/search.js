// The query side of the Korean site's search index (book/builder/search_index.rs
// rebuilds that index after mdBook has written it). elasticlunr.js keeps
// only ASCII letters and digits at a query word's ends, which drops Hangul;
// the Korean index instead names its own pipeline function, `stemmer-ascii`,
// registered here, and splits words at every character that is not a
// letter, a digit or `_`, as the query must be split too. The English site
// keeps mdBook's index and split; registering the function there is
// harmless, as its index never names it.
(function () {
    "use strict";
    if (typeof elasticlunr === "undefined") {
        return;
    }
    const ascii = /^[\x00-\x7f]*$/;
    elasticlunr.Pipeline.registerFunction(function (token) {
        return ascii.test(token) ? elasticlunr.stemmer(token) : token;
    }, "stemmer-ascii");
    if (document.documentElement.lang === "ko") {
        elasticlunr.tokenizer.setSeperator(/[^\p{Alphabetic}\p{N}_]+/u);
    }
})();
