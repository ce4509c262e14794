// A generated corpus for the browser tests: `n` articles, one a day from
// 2011-01-03, each about Muammar Gaddafi opening a project in a made-up
// place, in words no other article uses, so that each is an event of its
// own; four sources take turns.
const SYL = ["ka","lo","mi","ter","vus","pen","dra","sol","nix","gor","bel","tam","ric","hov","zan","mep"];
function word(n) { let w = ""; for (let k = 0; k < 4; k++) { w += SYL[n % 16]; n = Math.floor(n / 16); } return w; }
const SOURCES = ["Tripoli Post", "Benghazi Herald", "Misrata Times", "Sirte Gazette"];
export function articles(n) {
  const start = Date.UTC(2011, 0, 3);
  const out = [];
  for (let i = 0; i < n; i++) {
    const day = new Date(start + i * 86400000).toISOString().slice(0, 10);
    const w = (k) => word(i * 8 + k + 1);
    const W = (k) => w(k)[0].toUpperCase() + w(k).slice(1);
    out.push({
      id: `big-${i}`,
      source: SOURCES[i % SOURCES.length],
      url: `https://news.example.org/${day}/${w(0)}`,
      published: day,
      title: `Muammar Gaddafi visits ${W(0)} to open the ${W(1)} ${w(2)} project`,
      text:
        `Muammar Gaddafi visited ${W(0)} on ${day} to open the ${W(1)} ${w(2)} project, officials said.\n\n` +
        `The ${w(3)} ${w(4)} works at ${W(0)} employ hundreds of ${w(5)} workers, according to the ${W(6)} ministry.\n\n` +
        `Residents of ${W(0)} said the ${w(7)} road to ${W(1)} had been repaired for the visit of Gaddafi.`,
    });
  }
  return out;
}
