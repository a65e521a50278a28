/*! Waymark track.js: identify, track and page from a website. No dependencies.
 *
 *   <script src="https://waymark.example/track.js" data-key="wm_pk_…" async></script>
 *   <script>
 *     window.waymark = window.waymark || [];          // calls made before it loads queue up
 *     waymark.push(["page"]);
 *   </script>
 *
 * Once loaded: waymark.page(), waymark.track("order.placed", {value: 120}),
 * waymark.identify("cust-1001", {email: "ada@example.com"}, {userHash: "…"}),
 * waymark.flush(), waymark.reset().
 *
 * Identity: a page may say who its visitor is only with the proof your server made for
 * that person, userHash = HMAC-SHA256(the key's identity secret, userId) in hex, written
 * into the page when they sign in. The hash is kept with the userId and sent with every
 * call; without it Waymark keeps the calls on the anonymous visitor (docs/events-api.md).
 * Never put the identity secret itself in a page.
 *
 * Calls are batched (sent after a short delay or when 20 are waiting), retried with backoff
 * on network errors, 429 and 5xx, and sent with navigator.sendBeacon when the page is hidden.
 * Every call carries a messageId, so a retry is accepted once.
 */
(function (window, document) {
  "use strict";
  var ANON_KEY = "waymark_anonymous_id";
  var USER_KEY = "waymark_user_id";
  var HASH_KEY = "waymark_user_hash";
  var QUEUE_KEY = "waymark_queue";
  var MAX_BATCH = 20;
  var DELAY_MS = 1000;
  var MAX_QUEUE = 500;

  var script =
    document.currentScript ||
    (function () {
      var found = document.querySelectorAll("script[data-key]");
      return found[found.length - 1];
    })();
  var existing = window.waymark;
  var config = {
    key: script && script.getAttribute("data-key"),
    host: (script && script.getAttribute("data-host")) || (script ? new URL(script.src).origin : ""),
  };

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
    });
  }

  // localStorage first; a first-party cookie when storage is blocked.
  function read(key) {
    try {
      var value = window.localStorage.getItem(key);
      if (value) return value;
    } catch (_) {}
    var match = document.cookie.match(new RegExp("(?:^|; )" + key + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : null;
  }
  function write(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (_) {}
    var expires = value === null ? "Thu, 01 Jan 1970 00:00:00 GMT" : new Date(Date.now() + 31536e6).toUTCString();
    document.cookie =
      key + "=" + encodeURIComponent(value || "") + "; expires=" + expires + "; path=/; SameSite=Lax";
  }

  function anonymousId() {
    var id = read(ANON_KEY);
    if (!id) {
      id = uuid();
      write(ANON_KEY, id);
    }
    return id;
  }

  // Calls waiting to be sent survive a reload (sessionStorage), so nothing queued is lost.
  var queue = [];
  try {
    queue = JSON.parse(window.sessionStorage.getItem(QUEUE_KEY) || "[]");
  } catch (_) {
    queue = [];
  }
  function save() {
    try {
      window.sessionStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
    } catch (_) {}
  }

  var timer = null;
  var sending = false;
  var attempt = 0;

  function endpoint() {
    return config.host + "/api/v1/track/batch?key=" + encodeURIComponent(config.key || "");
  }

  function schedule(delay) {
    if (timer) return;
    timer = window.setTimeout(function () {
      timer = null;
      flush();
    }, delay);
  }

  function enqueue(call) {
    call.messageId = uuid();
    call.anonymousId = anonymousId();
    var userId = read(USER_KEY);
    if (userId && !call.userId) call.userId = userId;
    var userHash = read(HASH_KEY);
    if (userHash && call.userId === userId && !call.userHash) call.userHash = userHash;
    call.timestamp = new Date().toISOString();
    queue.push(call);
    if (queue.length > MAX_QUEUE) queue.splice(0, queue.length - MAX_QUEUE);
    save();
    if (queue.length >= MAX_BATCH) flush();
    else schedule(DELAY_MS);
  }

  function flush() {
    if (sending || queue.length === 0 || !config.key) return;
    sending = true;
    var batch = queue.slice(0, MAX_BATCH);
    var body = JSON.stringify({ batch: batch, sentAt: new Date().toISOString() });
    // text/plain keeps it a "simple" request (no preflight); the API reads it as JSON.
    fetch(endpoint(), {
      method: "POST",
      body: body,
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      keepalive: true,
      credentials: "omit",
    })
      .then(function (response) {
        sending = false;
        if (response.status === 429 || response.status >= 500) {
          var wait = Number(response.headers.get("Retry-After")) * 1000;
          retry(wait);
          return;
        }
        // Accepted, or refused for good (4xx): either way these calls are done.
        if (response.status >= 400 && window.console) {
          response.text().then(function (text) {
            window.console.warn("waymark: calls refused", response.status, text);
          });
        } else if (window.console) {
          // Accepted with warnings, e.g. a userId without its userHash: kept anonymous.
          response
            .json()
            .then(function (body) {
              var warned = (body.results || []).filter(function (r) {
                return r.warnings || r.errors;
              });
              if (warned.length) window.console.warn("waymark: calls not all as sent", warned);
            })
            .catch(function () {});
        }
        attempt = 0;
        queue.splice(0, batch.length);
        save();
        if (queue.length) schedule(0);
      })
      .catch(function () {
        sending = false;
        retry(0);
      });
  }

  function retry(wait) {
    attempt += 1;
    var backoff = Math.min(60000, 1000 * Math.pow(2, attempt - 1)) * (0.5 + Math.random() / 2);
    schedule(Math.max(wait || 0, backoff));
  }

  // The page is going away: hand what is left to the browser, which sends it even after.
  function beacon() {
    if (!queue.length || !config.key || !navigator.sendBeacon) return;
    while (queue.length) {
      var batch = queue.slice(0, MAX_BATCH);
      var blob = new Blob([JSON.stringify({ batch: batch, sentAt: new Date().toISOString() })], {
        type: "text/plain;charset=UTF-8",
      });
      if (!navigator.sendBeacon(endpoint(), blob)) break;
      queue.splice(0, batch.length);
    }
    save();
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") beacon();
  });
  window.addEventListener("pagehide", beacon);

  var api = {
    // options.userHash: the proof your server made for userId (see the top of this file).
    identify: function (userId, traits, options) {
      if (userId && typeof userId === "object") {
        options = traits;
        traits = userId;
        userId = null;
      }
      var userHash = options && options.userHash ? String(options.userHash) : null;
      if (userId) {
        write(USER_KEY, String(userId));
        write(HASH_KEY, userHash);
      }
      enqueue({
        type: "identify",
        userId: userId ? String(userId) : undefined,
        userHash: userId && userHash ? userHash : undefined,
        traits: traits || {},
      });
    },
    track: function (event, properties) {
      enqueue({ type: "track", event: event, properties: properties || {} });
    },
    page: function (name, properties) {
      if (name && typeof name === "object") {
        properties = name;
        name = undefined;
      }
      var props = {
        url: window.location.href,
        path: window.location.pathname,
        search: window.location.search,
        title: document.title,
        referrer: document.referrer,
      };
      for (var k in properties || {}) props[k] = properties[k];
      enqueue({ type: "page", name: name, category: props.category, properties: props });
    },
    flush: flush,
    // Sign-out: forget who this is and start a new anonymous visitor.
    reset: function () {
      write(USER_KEY, null);
      write(HASH_KEY, null);
      write(ANON_KEY, null);
    },
    anonymousId: anonymousId,
    configure: function (options) {
      for (var k in options) config[k] = options[k];
    },
    push: function (args) {
      var method = api[args[0]];
      if (typeof method === "function") method.apply(api, args.slice(1));
    },
  };

  window.waymark = api;
  if (Array.isArray(existing)) {
    for (var i = 0; i < existing.length; i++) api.push(existing[i]);
  }
  if (queue.length) schedule(0);
})(window, document);
