// The language picker: a link in the menu bar to the same page in the
// other language. The two sites are built side by side (target/book/en/,
// target/book/ko/) with the same page paths, so the other language's page
// is this page's path under the other site's root. mdBook defines
// `path_to_root` on every page.
(function () {
    "use strict";
    const languages = { en: "English", ko: "한국어" };
    const here = document.documentElement.lang;
    const other = here === "ko" ? "en" : "ko";
    const root = new URL(path_to_root || "./", window.location.href);
    const page = window.location.href.slice(root.href.length);
    const link = document.createElement("a");
    link.id = "language-picker";
    link.href = new URL("../" + other + "/" + page, root).href;
    link.hreflang = other;
    link.lang = other;
    link.textContent = languages[other];
    link.title = languages[other];
    document.querySelector(".right-buttons").prepend(link);
})();
