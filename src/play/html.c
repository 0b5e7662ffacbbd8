/* play/html.c: a game as one self-contained page (racedemo play ...
 * --format html): the state graph explore walked, embedded as JSON, and
 * a small inline script that only walks it. The page computes no step of
 * its own: every state it shows is a node of the graph, with the words
 * the C program wrote for it, so the page and the terminal cannot
 * disagree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "play/render.h"
#include "racedemo/sync_replay.h"
#include "replay/model.h"
#include "report/html_writer.h"
#include "report/render.h"

/* What the page's script reads of a move: -1 waits, -2 done. */
static long long move_code(enum play_take took, uint32_t to)
{
    return took == PLAY_DONE ? -2 : took == PLAY_WAITS ? -1 : (long long)to;
}

/* Under --model tso, node n's flushes: each thread's (-2: its buffer is
 * empty) and its words, then the buffers. */
static void flush_json(FILE *j, struct play_game *g, uint32_t n)
{
    const char *sep = "";
    fputs(",\"f\":[", j);
    for (unsigned t = 0; t < g->nthreads; t++, sep = ",") {
        struct play_move mv;
        enum play_take took = play_game_step(g, n, g->nthreads + t, &mv);
        fprintf(j, "%s%lld", sep, move_code(took, mv.to));
    }
    fputs("],\"fx\":[", j);
    sep = "";
    for (unsigned t = 0; t < g->nthreads; t++, sep = ",") {
        struct play_move mv;
        char words[160 + 160];
        play_game_step(g, n, g->nthreads + t, &mv);
        snprintf(words, sizeof words, "%s%s%s", mv.op, mv.detail[0] ? ": " : "", mv.detail);
        fputs(sep, j);
        render_json_string(j, words);
    }
    char buffers[160];
    play_game_buffers(g, n, buffers, sizeof buffers);
    fputs("],\"b\":", j);
    render_json_string(j, buffers);
}

/* Node n: each thread's move, its words, its code line and iteration;
 * the shared data and the lock; whether the goal holds and how far it
 * is; at a won node, the moves a replay goes on with and where it ends. */
static bool node_json(FILE *j, struct play_game *g, uint32_t n)
{
    uint32_t at = g->at;
    g->at = n;
    fputs("{\"m\":[", j);
    char words[160 + 160];
    const char *sep = "";
    for (unsigned t = 0; t < g->nthreads; t++, sep = ",") {
        struct play_move mv;
        enum play_take took = play_game_step(g, n, t, &mv);
        fprintf(j, "%s%lld", sep, move_code(took, mv.to));
    }
    fputs("],\"x\":[", j);
    sep = "";
    unsigned inside = 0;
    for (unsigned t = 0; t < g->nthreads; t++, sep = ",") {
        struct play_move mv;
        play_game_step(g, n, t, &mv);
        snprintf(words, sizeof words, "%s%s%s", mv.op, mv.detail[0] ? ": " : "", mv.detail);
        fputs(sep, j);
        render_json_string(j, words);
    }
    fputs("],\"l\":[", j);
    sep = "";
    for (unsigned t = 0; t < g->nthreads; t++, sep = ",") {
        struct play_thread th;
        play_game_thread(g, t, &th);
        inside |= (unsigned)th.inside << t;
        fprintf(j, "%s[%u,%llu]", sep, th.line, (unsigned long long)th.iter);
    }
    fputs("]", j);
    if (play_game_moves(g) > g->nthreads)
        flush_json(j, g, n);
    char data[128], lock[128];
    play_game_shared(g, data, sizeof data, lock, sizeof lock);
    fprintf(j, ",\"in\":%u,\"s\":", inside);
    render_json_string(j, data);
    fputs(",\"k\":", j);
    render_json_string(j, lock);
    uint32_t d = play_game_to_win(g);
    fprintf(j, ",\"d\":%lld", d == PLAY_NEVER ? -1LL : (long long)d);
    bool whole = true;
    if (play_game_won(g)) {
        uint32_t end;
        char *more = play_game_completion(g, &end);
        whole = more != NULL;
        play_game_shared_at(g, end, data, sizeof data);
        fputs(",\"w\":1,\"c\":", j);
        render_json_string(j, more ? more : "");
        fputs(",\"e\":", j);
        render_json_string(j, data);
        free(more);
    }
    fputs("}", j);
    g->at = at;
    return whole;
}

/* The graph and what the page says around it, as JSON; false when out of
 * memory. */
static bool graph_json(FILE *j, struct play_game *g, const char *command, const char *replay_prefix)
{
    /* The command first: the heading shows it (data-json="command"). */
    fputs("{\"command\":", j);
    render_json_string(j, command);
    fprintf(j,
            ",\"threads\":%u,\"tso\":%s,\"iters\":%llu,\"states\":%zu,\"shortest\":%lld,"
            "\"goal\":",
            g->nthreads, play_game_moves(g) > g->nthreads ? "true" : "false",
            (unsigned long long)g->model->iters, g->nodes,
            play_game_shortest(g) == PLAY_NEVER ? -1LL : (long long)play_game_shortest(g));
    render_json_string(j, g->goal.goal_text);
    fputs(",\"verb\":", j);
    render_json_string(j, g->goal.verb);
    fputs(",\"replay\":", j);
    render_json_string(j, replay_prefix);
    fputs(",\"nodes\":[\n", j);
    bool whole = true;
    for (uint32_t n = 0; n < g->nodes; n++) {
        whole = node_json(j, g, n) && whole;
        fputs(n + 1 < g->nodes ? ",\n" : "\n", j);
    }
    fputs("]}", j);
    return whole;
}

/* The buttons, what the last one did, the win (or the hint, or the
 * proof), the state's facts, then each thread's code: filled in by the
 * script, the win and the facts near the buttons so that a phone shows
 * them without scrolling. */
static void board(FILE *out, const struct play_game *g)
{
    static const char button[] = "style=\"font-size:1.05rem;padding:.35rem .9rem;margin:.15rem\"";
    fputs("<p class=\"play-keys\">", out);
    for (unsigned t = 0; t < g->nthreads; t++)
        fprintf(out, "<button type=\"button\" id=\"step-%c\" %s>%c: step</button>\n",
                sync_replay_letter(t), button, sync_replay_letter(t));
    for (unsigned t = 0; play_game_moves(g) > g->nthreads && t < g->nthreads; t++)
        fprintf(out, "<button type=\"button\" id=\"flush-%c\" %s>%u: %c flushes</button>\n",
                sync_replay_letter(t), button, t + 1, sync_replay_letter(t));
    fprintf(out,
            "<button type=\"button\" id=\"undo\" %s>undo</button>\n"
            "<button type=\"button\" id=\"restart\" %s>restart</button></p>\n"
            "<p id=\"said\" aria-live=\"polite\"></p>\n"
            "<p id=\"hint\" class=\"verdict v-unseen\" hidden></p>\n"
            "<p id=\"proof\" class=\"verdict v-correct\" hidden></p>\n"
            "<div id=\"win\" class=\"verdict v-race\" hidden><span id=\"won\"></span>"
            "<span class=\"why\">at the end: <span id=\"end\"></span>\nreplay it: "
            "<code id=\"replay\"></code></span></div>\n",
            button, button);
    fputs("<dl class=\"facts\">\n<dt>shared</dt><dd id=\"shared\"></dd>\n", out);
    if (g->model->lock->nacquire)
        fputs("<dt>lock</dt><dd id=\"lock\"></dd>\n", out);
    if (play_game_moves(g) > g->nthreads)
        fputs("<dt>store buffers</dt><dd id=\"buffers\"></dd>\n", out);
    fputs("<dt>moves</dt><dd id=\"moves\"></dd>\n<dt>goal</dt><dd><span id=\"goal\"></span> "
          "<span id=\"togo\"></span></dd>\n</dl>\n"
          "<div style=\"display:flex;flex-wrap:wrap;gap:0 2.5rem\">\n",
          out);
    for (unsigned t = 0; t < g->nthreads; t++) {
        char c = sync_replay_letter(t);
        fprintf(out,
                "<div id=\"thread-%c\"><h3>%c <small id=\"how-%c\"></small></h3>\n"
                "<ol id=\"code-%c\" style=\"font-family:ui-monospace,monospace;"
                "padding-left:2.2rem\">\n",
                c, c, c, c);
        for (unsigned line = 0; line < g->nlines; line++) {
            fputs("<li>", out);
            html_text(out, g->code[t][line]);
            fputs("</li>\n", out);
        }
        fputs("</ol></div>\n", out);
    }
    fputs("</div>\n<noscript><p>This page needs its script to play: the terminal plays the "
          "same game (racedemo play).</p></noscript>\n",
          out);
}

/* The script: reads the graph, walks it as the buttons (or the keys a,
 * b..., u, r) say, and writes only text. */
static const char script[] =
    "(function(){\"use strict\";\n"
    "var G=JSON.parse(document.getElementById(\"racedemo-result\").textContent);\n"
    "var path=[0],words=[],said=\"\";\n"
    "function $(id){return document.getElementById(id);}\n"
    "function L(t){return String.fromCharCode(65+t);}\n"
    "function here(){return G.nodes[path[path.length-1]];}\n"
    "function sched(){return words.join(\"\").replace(/,,/g,\",\").replace(/^,|,$/g,\"\");}\n"
    "function stopped(n){for(var t=0;t<G.threads;t++)if(n.m[t]>=0||(G.tso&&n.f[t]>=0))"
    "return false;return true;}\n"
    "function render(){var n=here(),t,i;\n"
    " for(t=0;t<G.threads;t++){var m=n.m[t],how=m==-2?\"done\":m==-1?\"waits: \"+n.x[t]:"
    "\"next\";\n"
    "  if(G.iters>1&&m!=-2)how+=\", iteration \"+(n.l[t][1]+1)+\" of \"+G.iters;\n"
    "  if(n.in>>t&1)how+=\", inside\";\n"
    "  $(\"how-\"+L(t)).textContent=how;\n"
    "  var li=$(\"code-\"+L(t)).children;\n"
    "  for(i=0;i<li.length;i++){var at=m!=-2&&i==n.l[t][0];li[i].className=at?\"at\":\"\";\n"
    "   li[i].style.fontWeight=at?\"700\":\"\";li[i].style.background=at?\"#fff3c4\":\"\";}\n"
    "  $(\"step-\"+L(t)).disabled=!!n.w;if(G.tso)$(\"flush-\"+L(t)).disabled=!!n.w;}\n"
    " $(\"shared\").textContent=n.s;if($(\"lock\"))$(\"lock\").textContent=n.k;\n"
    " if(G.tso)$(\"buffers\").textContent=n.b;\n"
    " var s=sched();$(\"moves\").textContent=words.length+(s?\": \"+s:\"\");\n"
    " $(\"goal\").textContent=n.w?\"met\":G.goal;\n"
    " $(\"togo\").textContent=!n.w&&n.d>=0?\"(the fewest moves from here: \"+n.d+\")\":\"\";\n"
    " $(\"hint\").hidden=!(!n.w&&n.d<0&&G.shortest>=0);\n"
    " $(\"hint\").textContent=\"from here no schedule can \"+G.verb+\": undo\";\n"
    " $(\"proof\").hidden=!(G.shortest<0&&stopped(n));\n"
    " $(\"proof\").textContent=\"no schedule can \"+G.verb+\": all \"+G.states+\" states "
    "explored\";\n"
    " $(\"win\").hidden=!n.w;\n"
    " if(n.w){$(\"won\").textContent=\"WON in \"+words.length+\" moves (the fewest: \"+"
    "G.shortest+\")\";\n"
    "  if(s.slice(-1)==\"h\"&&n.c&&n.c.charAt(0)!=\",\")s+=\",\";\n"
    "  $(\"end\").textContent=n.e;$(\"replay\").textContent=G.replay+s+n.c;}\n"
    " $(\"said\").textContent=said;}\n"
    "function go(t,m,x,word){var n=here();if(n.w)return;\n"
    " if(m==-2)said=word?L(t)+\"'s store buffer is empty: nothing to flush\":"
    "L(t)+\" is done: it does not move\";\n"
    " else if(m==-1)said=L(t)+\" waits at \"+x+\": it does not move\";\n"
    " else{said=\"move \"+(words.length+1)+\": \"+L(t)+\" \"+x;path.push(m);"
    "words.push(word||L(t));}\n"
    " render();}\n"
    "function step(t){var n=here();go(t,n.m[t],n.x[t],\"\");}\n"
    "function flush(t){var n=here();if(G.tso)go(t,n.f[t],n.fx[t],\",\"+L(t)+\":flush,\");}\n"
    "function undo(){if(path.length>1){path.pop();words.pop();said=\"undone\";}"
    "else said=\"nothing to undo\";render();}\n"
    "function restart(){path=[0];words=[];said=\"restarted\";render();}\n"
    "for(var t=0;t<G.threads;t++){$(\"step-\"+L(t)).addEventListener(\"click\","
    "step.bind(null,t));\n"
    " if(G.tso)$(\"flush-\"+L(t)).addEventListener(\"click\",flush.bind(null,t));}\n"
    "$(\"undo\").addEventListener(\"click\",undo);$(\"restart\").addEventListener(\"click\","
    "restart);\n"
    "document.addEventListener(\"keydown\",function(e){var k=e.key.toLowerCase();\n"
    " if(e.ctrlKey||e.metaKey||e.altKey)return;\n"
    " if(k==\"u\")undo();else if(k==\"r\")restart();\n"
    " else if(k.length==1&&k>=\"a\"&&k.charCodeAt(0)<97+G.threads)step(k.charCodeAt(0)-97);\n"
    " else if(k.length==1&&k>=\"1\"&&k.charCodeAt(0)<49+G.threads)flush(k.charCodeAt(0)-49);});\n"
    "render();})();\n";

bool play_render_html(FILE *out, struct play_game *g, const char *title, const char *command,
                      const char *replay_prefix)
{
    struct capture json;
    FILE *j = capture_begin(&json);
    if (!j)
        return false;
    bool whole = graph_json(j, g, command, replay_prefix);
    if (!capture_end(&json) || !whole) {
        free(json.buf);
        return false;
    }
    html_page_begin(out, title);
    html_heading(out, title, command);
    fputs("<p class=\"lead\">You are the scheduler: press a thread's button (or its letter "
          "key) and it takes the step its highlighted line shows. ",
          out);
    html_text(out, g->goal.goal_text);
    fputs("</p>\n", out);
    html_facts_begin(out);
    char buf[64];
    snprintf(buf, sizeof buf, "%u", g->nthreads);
    html_fact(out, "threads", buf, NULL);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)g->model->iters);
    html_fact(out, "iterations", buf, NULL);
    snprintf(buf, sizeof buf, "%zu, every one explored", g->nodes);
    html_fact(out, "states", buf, NULL);
    html_facts_end(out);
    board(out, g);
    html_data_block(out, json.buf, json.len);
    fprintf(out, "<script>\n%s</script>\n", script);
    html_page_end(out);
    free(json.buf);
    return true;
}
