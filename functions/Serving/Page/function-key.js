// The function key comes from the page's address (#key=..., never sent to any server, or ?code=..., the
// Functions convention) or from an earlier answer to the key prompt, and is kept for this tab only.
const FunctionKey = (() => {
  "use strict";

  const STORAGE = "actressonnx.functionKey";

  function read() {
    const [fromHash, hash] = takeParameter(location.hash, "key");
    const [fromQuery, search] = takeParameter(location.search, "code");
    const given = fromHash || fromQuery;
    if (given) {
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + (hash ? "#" + hash : ""));
      store(given);
      return given;
    }
    try { return sessionStorage.getItem(STORAGE) || ""; } catch { return ""; }
  }

  // Takes name=value out of "?a=1&name=value" or "#name=value"; by hand, because URLSearchParams turns "+" into a space.
  function takeParameter(raw, name) {
    let value = "";
    const rest = raw.slice(1).split("&").filter((part) => {
      if (part.startsWith(name + "=")) {
        try { value = decodeURIComponent(part.slice(name.length + 1)); } catch { value = part.slice(name.length + 1); }
        return false;
      }
      return part !== "";
    });
    return [value, rest.join("&")];
  }

  function store(value) {
    try { sessionStorage.setItem(STORAGE, value); } catch { /* storage disabled: the key lasts until reload */ }
  }

  return { read, store };
})();
