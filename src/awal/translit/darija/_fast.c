/*
 * awal.translit.darija._fast: the compiled hot path of Latin -> Arabic transliteration.
 *
 * Two types, both exact re-implementations of the pure-Python reference (which stays the
 * fallback when this module is not built):
 *
 *   Decoder   greedy best path over the joint graphone n-gram with back-off
 *             (VarietyModel._greedy_latin_py, ties included), and the word choice of
 *             _ToArabic.word (lexicon winner, or greedy output mixed with the lexicon counts,
 *             or the letter fallback).
 *   Converter one whole sentence (_ToArabic.__call__) when it is printable ASCII and needs no
 *             awal.lid spans (fewer than min_triggers words above the trigger score; the lexical
 *             rule of _european_pieces then decides which words stay Latin): tokens, URLs and
 *             mentions, pieces, numbers, punctuation, words -- with a per-run cache. It hands
 *             anything else to the Python path.
 *
 * Floating point: every score is computed with the same double operations in the same order
 * as the Python code (build with -ffp-contract=off, no -ffast-math), so sums and ties agree
 * to the last bit.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define MAX_ORDER 4
/* a hint that a table slot will be read soon (first-pass decoding waits on memory: the slots of one
   step are fetched together instead of one after another); no effect on results */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif
#define CACHE_LIMIT 400000
/* the converters' cached outputs (offsets and lengths are 32-bit in a map entry) */
#define OUTS_LIMIT ((size_t)1 << 30)
#define STEP_LIMIT 1000000

/* ------------------------------------------------------------------------------------ */
/* memory for the large read-mostly tables                                                 */
#if defined(__linux__) && defined(MADV_HUGEPAGE)
#define HUGE_PAGE ((size_t)2 << 20)
#endif

/* zeroed memory for a table (*huge tells table_free how it was taken: 1 = free()). On Linux a table of 1 MB or
   more is 2 MB-aligned and advised to use transparent huge pages: a first pass over new text reads
   the n-gram and word tables (several MB) at random, and with 4 kB pages most of those reads also
   miss the TLB (measured: huge pages take about 15 % off a first pass). Advice only: where the
   system has no transparent huge pages nothing changes. */
static void *
table_calloc(size_t bytes, int *huge)
{
    *huge = 0;
#if defined(HUGE_PAGE)
    if (bytes >= ((size_t)1 << 20)) {
        size_t len = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        void *p = NULL;
        if (posix_memalign(&p, HUGE_PAGE, len) == 0) {
            (void)madvise(p, len, MADV_HUGEPAGE);
            memset(p, 0, len);
            *huge = 1;
            return p;
        }
    }
#endif
#if defined(__unix__) || defined(__APPLE__)
    {
        /* cache-line aligned, so that a 64-byte map entry is one line */
        void *p = NULL;
        size_t len = (bytes + 63) & ~(size_t)63;
        if (posix_memalign(&p, 64, len ? len : 64) == 0) {
            memset(p, 0, len);
            *huge = 1;
            return p;
        }
    }
#endif
    return PyMem_Calloc(1, bytes ? bytes : 1);
}

static void
table_free(void *p, int huge)
{
    if (huge)
        free(p);
    else
        PyMem_Free(p);
}

/* ------------------------------------------------------------------------------------ */
/* growable uint32 buffer                                                                  */
typedef struct {
    uint32_t *p;
    size_t n, cap;
} U32Buf;

static int
u32_reserve(U32Buf *b, size_t extra)
{
    if (b->n + extra <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + extra) {
        if (cap > ((size_t)-1) / 8) {
            PyErr_NoMemory();
            return -1;
        }
        cap *= 2;
    }
    uint32_t *p = (uint32_t *)PyMem_Realloc(b->p, cap * sizeof(uint32_t));
    if (!p) {
        PyErr_NoMemory();
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

static int
u32_append(U32Buf *b, const uint32_t *s, size_t n)
{
    if (n == 0)
        return 0;
    if (u32_reserve(b, n) < 0)
        return -1;
    memcpy(b->p + b->n, s, n * sizeof(uint32_t));
    b->n += n;
    return 0;
}

/* one code point appended */
static inline int
u32_push(U32Buf *b, uint32_t c)
{
    if (b->n == b->cap && u32_reserve(b, 1) < 0)
        return -1;
    b->p[b->n++] = c;
    return 0;
}

static void
u32_free(U32Buf *b)
{
    PyMem_Free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* a str as UCS4 into buf (appended); returns the start offset or (size_t)-1 */
static size_t
u32_from_str(U32Buf *b, PyObject *s)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    size_t off = b->n;
    if (u32_reserve(b, (size_t)n) < 0)
        return (size_t)-1;
    for (Py_ssize_t i = 0; i < n; i++)
        b->p[off + (size_t)i] = (uint32_t)PyUnicode_READ(kind, data, i);
    b->n += (size_t)n;
    return off;
}

static int
ensure_ready(PyObject *s)
{
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(s) < 0)
        return -1;
#else
    (void)s;
#endif
    return 0;
}

/* ------------------------------------------------------------------------------------ */
/* hashing                                                                                */
static inline uint64_t
mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static inline uint64_t
hash_u32(const uint32_t *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return mix64(h ^ (uint64_t)n);
}

/* ------------------------------------------------------------------------------------ */
/* fixed-size map: nonzero uint64 key -> (float, int32), one 16-byte slot per entry (one cache
   line holds four: a probe is one memory access). Every value stored here comes from a float32
   array, so keeping it as float is exact; it is read back as double. */
typedef struct {
    uint64_t key;
    float val;
    int32_t aux;
} U64Slot;

typedef struct {
    U64Slot *e;
    size_t mask;
    int huge; /* e from table_calloc's huge pages */
} U64Map;

static int
u64_init(U64Map *m, size_t expected)
{
    size_t cap = 16;
    while (cap < 2 * expected + 16)
        cap *= 2;
    m->e = (U64Slot *)table_calloc(cap * sizeof(U64Slot), &m->huge);
    m->mask = cap - 1;
    if (!m->e) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void
u64_free(U64Map *m)
{
    table_free(m->e, m->huge);
    m->e = NULL;
    m->huge = 0;
}

/* slot of key (found or the empty slot where it goes) */
static inline size_t
u64_slot(const U64Map *m, uint64_t key)
{
    size_t i = (size_t)mix64(key) & m->mask;
    while (m->e[i].key && m->e[i].key != key)
        i = (i + 1) & m->mask;
    return i;
}

static inline void
u64_prefetch(const U64Map *m, uint64_t key)
{
    PREFETCH(&m->e[(size_t)mix64(key) & m->mask]);
}

static inline int
u64_get(const U64Map *m, uint64_t key, double *v)
{
    size_t i = u64_slot(m, key);
    if (!m->e[i].key)
        return 0;
    *v = (double)m->e[i].val;
    return 1;
}

/* ------------------------------------------------------------------------------------ */
/* growable map: UCS4 string -> small record. A slot holds 32 bits of the hash besides the entry
   index, so probing past other keys does not touch their entries, and keys of up to SHORT_KEY
   code points are stored in the entry itself: a hit costs two memory accesses, a miss one. */
#define SHORT_KEY 6

/* one cache line: a hit reads one line (the tables' entries are 64-byte aligned, see table_calloc) */
typedef struct {
    uint64_t h;
    uint32_t off; /* in the key arena, for keys longer than SHORT_KEY */
    uint32_t len;
    uint32_t ik[SHORT_KEY];
    int32_t a, b;
    int64_t c;
    double d;
} SEntry;

typedef struct {
    uint32_t fp;  /* high half of the hash */
    int32_t idx;  /* -1 = empty, else entry index */
} SSlot;

typedef struct {
    SSlot *slots;
    size_t mask;
    SEntry *ents;
    size_t n, ecap;
    U32Buf keys;
    int slots_huge, ents_huge; /* from table_calloc (smap_settle) */
} StrMap;

static void
sslots_empty(SSlot *slots, size_t cap)
{
    for (size_t i = 0; i < cap; i++) {
        slots[i].fp = 0;
        slots[i].idx = -1;
    }
}

static int
smap_init(StrMap *m, size_t expected)
{
    size_t cap = 16;
    while (cap < 2 * expected + 16)
        cap *= 2;
    m->slots = (SSlot *)PyMem_Malloc(cap * sizeof(SSlot));
    if (!m->slots) {
        PyErr_NoMemory();
        return -1;
    }
    sslots_empty(m->slots, cap);
    m->mask = cap - 1;
    m->ents = NULL;
    m->n = m->ecap = 0;
    m->slots_huge = m->ents_huge = 0;
    memset(&m->keys, 0, sizeof(U32Buf));
    return 0;
}

static void
smap_free(StrMap *m)
{
    table_free(m->slots, m->slots_huge);
    table_free(m->ents, m->ents_huge);
    u32_free(&m->keys);
    m->slots = NULL;
    m->ents = NULL;
    m->n = m->ecap = 0;
    m->slots_huge = m->ents_huge = 0;
}

/* move a loaded map's slots and entries into table memory (huge pages where large); the map
   stays usable and growable. 0 = ok, -1 = error */
static int
smap_settle(StrMap *m)
{
    size_t sbytes = (m->mask + 1) * sizeof(SSlot), ebytes = m->n * sizeof(SEntry);
    int sh, eh;
    SSlot *slots = (SSlot *)table_calloc(sbytes, &sh);
    SEntry *ents = slots ? (SEntry *)table_calloc(ebytes, &eh) : NULL;
    if (!slots || !ents) {
        if (slots)
            table_free(slots, sh);
        PyErr_NoMemory();
        return -1;
    }
    memcpy(slots, m->slots, sbytes);
    if (ebytes)
        memcpy(ents, m->ents, ebytes);
    table_free(m->slots, m->slots_huge);
    table_free(m->ents, m->ents_huge);
    m->slots = slots;
    m->ents = ents;
    m->ecap = m->n;
    m->slots_huge = sh;
    m->ents_huge = eh;
    return 0;
}

static void
smap_clear(StrMap *m)
{
    sslots_empty(m->slots, m->mask + 1);
    m->n = 0;
    m->keys.n = 0;
}

static inline const uint32_t *
skey(const StrMap *m, const SEntry *en)
{
    return en->len <= SHORT_KEY ? en->ik : m->keys.p + en->off;
}

static inline int64_t
smap_get(const StrMap *m, const uint32_t *s, size_t n, uint64_t h)
{
    size_t i = (size_t)h & m->mask;
    uint32_t fp = (uint32_t)(h >> 32);
    for (;;) {
        const SSlot *sl = &m->slots[i];
        if (sl->idx < 0)
            return -1;
        if (sl->fp == fp) {
            const SEntry *en = &m->ents[sl->idx];
            if (en->h == h && en->len == n && (n == 0 || memcmp(skey(m, en), s, n * sizeof(uint32_t)) == 0))
                return sl->idx;
        }
        i = (i + 1) & m->mask;
    }
}

static void
sslot_put(SSlot *slots, size_t mask, uint64_t h, int32_t idx)
{
    size_t i = (size_t)h & mask;
    while (slots[i].idx >= 0)
        i = (i + 1) & mask;
    slots[i].fp = (uint32_t)(h >> 32);
    slots[i].idx = idx;
}

static int
smap_grow(StrMap *m)
{
    size_t cap = (m->mask + 1) * 2;
    SSlot *slots = (SSlot *)PyMem_Malloc(cap * sizeof(SSlot));
    if (!slots) {
        PyErr_NoMemory();
        return -1;
    }
    sslots_empty(slots, cap);
    for (size_t e = 0; e < m->n; e++)
        sslot_put(slots, cap - 1, m->ents[e].h, (int32_t)e);
    table_free(m->slots, m->slots_huge);
    m->slots = slots;
    m->slots_huge = 0;
    m->mask = cap - 1;
    return 0;
}

/* insert a key known to be absent; returns the entry (valid until the next insert) */
static SEntry *
smap_add(StrMap *m, const uint32_t *s, size_t n, uint64_t h)
{
    if (m->n >= 0x7ffffff0 || n > 0xffffffffu || m->keys.n + n > 0xffffffffu) {
        PyErr_SetString(PyExc_MemoryError, "transliteration table full");
        return NULL;
    }
    if (2 * (m->n + 1) > m->mask + 1 && smap_grow(m) < 0)
        return NULL;
    if (m->n == m->ecap) {
        size_t ecap = m->ecap ? m->ecap * 2 : 64;
        SEntry *ents;
        if (m->ents_huge) { /* settled entries: copy out of table memory */
            ents = (SEntry *)PyMem_Malloc(ecap * sizeof(SEntry));
            if (ents) {
                memcpy(ents, m->ents, m->n * sizeof(SEntry));
                table_free(m->ents, 1);
                m->ents_huge = 0;
            }
        }
        else
            ents = (SEntry *)PyMem_Realloc(m->ents, ecap * sizeof(SEntry));
        if (!ents) {
            PyErr_NoMemory();
            return NULL;
        }
        m->ents = ents;
        m->ecap = ecap;
    }
    SEntry *en = &m->ents[m->n];
    en->h = h;
    en->len = (uint32_t)n;
    en->off = 0;
    if (n <= SHORT_KEY) {
        if (n)
            memcpy(en->ik, s, n * sizeof(uint32_t));
    }
    else {
        en->off = (uint32_t)m->keys.n;
        if (u32_append(&m->keys, s, n) < 0)
            return NULL;
    }
    en->a = en->b = en->c = 0;
    en->d = 0.0;
    sslot_put(m->slots, m->mask, h, (int32_t)m->n);
    m->n++;
    return en;
}

/* ------------------------------------------------------------------------------------ */
/* growable map: nonzero uint64 key -> fixed-size record (caches); each entry is the key followed
   by its record, so a probe that hits reads one place */
typedef struct {
    char *e;
    size_t mask, n, vsize, stride;
} GMap;

/* cap: a power of two; the table is written once here, so that its pages are mapped at load
   and a first pass over new text neither grows it nor takes page faults */
static int
gmap_init(GMap *m, size_t vsize, size_t cap)
{
    m->vsize = vsize;
    m->stride = sizeof(uint64_t) + ((vsize + 7) & ~(size_t)7);
    m->e = (char *)PyMem_Malloc(cap * m->stride);
    m->mask = cap - 1;
    m->n = 0;
    if (!m->e) {
        PyErr_NoMemory();
        return -1;
    }
    memset(m->e, 0, cap * m->stride);
    return 0;
}

static void
gmap_free(GMap *m)
{
    PyMem_Free(m->e);
    m->e = NULL;
}

static inline uint64_t *
gmap_key(const GMap *m, size_t i)
{
    return (uint64_t *)(m->e + i * m->stride);
}

static inline void *
gmap_get(const GMap *m, uint64_t key)
{
    size_t i = (size_t)mix64(key) & m->mask;
    for (;;) {
        uint64_t k = *gmap_key(m, i);
        if (!k)
            return NULL;
        if (k == key)
            return m->e + i * m->stride + sizeof(uint64_t);
        i = (i + 1) & m->mask;
    }
}

/* store a copy of val under key (absent); a full cache is emptied first. 0 = ok, -1 = error */
static int
gmap_put(GMap *m, uint64_t key, const void *val, size_t limit)
{
    if (m->n >= limit) {
        memset(m->e, 0, (m->mask + 1) * m->stride);
        m->n = 0;
    }
    if (2 * (m->n + 1) > m->mask + 1) {
        size_t cap = (m->mask + 1) * 2;
        char *e = (char *)PyMem_Calloc(cap, m->stride);
        if (!e) {
            PyErr_NoMemory();
            return -1;
        }
        for (size_t i = 0; i <= m->mask; i++) {
            uint64_t k = *gmap_key(m, i);
            if (!k)
                continue;
            size_t j = (size_t)mix64(k) & (cap - 1);
            while (*(uint64_t *)(e + j * m->stride))
                j = (j + 1) & (cap - 1);
            memcpy(e + j * m->stride, m->e + i * m->stride, m->stride);
        }
        PyMem_Free(m->e);
        m->e = e;
        m->mask = cap - 1;
    }
    size_t i = (size_t)mix64(key) & m->mask;
    while (*gmap_key(m, i))
        i = (i + 1) & m->mask;
    *gmap_key(m, i) = key;
    memcpy(m->e + i * m->stride + sizeof(uint64_t), val, m->vsize);
    m->n++;
    return 0;
}

/* ------------------------------------------------------------------------------------ */
/* Decoder                                                                                */

/* a word lexicon: key -> entry (a = first candidate, b = candidate count, c = total count,
   d = log1p(total)); candidates (spelling, count) in stored order */
/* one lexicon candidate: its spelling in cand_str, its count */
typedef struct {
    uint32_t off, len;
    int64_t count;
} Cand;

typedef struct {
    StrMap map;
    Cand *cand; /* a word's candidates are consecutive: the first two share a cache line */
    U32Buf cand_str;
    int cand_huge, str_huge; /* cand / cand_str.p moved to table memory (lex_settle) */
} Lex;

static void
lex_free(Lex *L)
{
    smap_free(&L->map);
    table_free(L->cand, L->cand_huge);
    if (L->str_huge) {
        table_free(L->cand_str.p, 1);
        memset(&L->cand_str, 0, sizeof(U32Buf));
    }
    else
        u32_free(&L->cand_str);
    L->cand = NULL;
    L->cand_huge = L->str_huge = 0;
}

/* move a loaded lexicon into table memory (huge pages where large): its map, candidates and their
   spellings are read at random by a first pass over new words. 0 = ok, -1 = error */
static int
lex_settle(Lex *L, size_t ncand)
{
    if (smap_settle(&L->map) < 0)
        return -1;
    int ch, sh;
    Cand *cand = (Cand *)table_calloc((ncand ? ncand : 1) * sizeof(Cand), &ch);
    uint32_t *str = cand ? (uint32_t *)table_calloc((L->cand_str.n ? L->cand_str.n : 1) * sizeof(uint32_t), &sh) : NULL;
    if (!cand || !str) {
        if (cand)
            table_free(cand, ch);
        PyErr_NoMemory();
        return -1;
    }
    if (ncand)
        memcpy(cand, L->cand, ncand * sizeof(Cand));
    if (L->cand_str.n)
        memcpy(str, L->cand_str.p, L->cand_str.n * sizeof(uint32_t));
    PyMem_Free(L->cand);
    PyMem_Free(L->cand_str.p);
    L->cand = cand;
    L->cand_huge = ch;
    L->cand_str.p = str;
    L->cand_str.cap = L->cand_str.n;
    L->str_huge = sh;
    return 0;
}

/* best Latin-only graphone after a history (VarietyModel._eps_step) */
typedef struct {
    double logp;
    uint32_t hist[MAX_ORDER];
    int32_t gid;
} EStep;

/* best graphone for an Arabic chunk after a history, and the best (graphone, Latin-only graphone)
   pair (VarietyModel._step, reverse): has_pair = 0 when there is no Latin-only graphone */
typedef struct {
    double d;
    uint32_t hist[MAX_ORDER];
    int32_t gid;
    int has_pair;
    double pd, pe;
    uint32_t phist[MAX_ORDER];
    int32_t pgid, pegid;
} RStep;
typedef struct {
    PyObject_HEAD
    int order, nh;
    double unk;
    int nonfinite; /* a stored n-gram value is not finite (then word scores must be checked) */
    int G;
    uint32_t bos, eos;
    U64Map logp, bow, seen;
    /* graphone Arabic outputs */
    size_t *g_off;
    size_t *g_len;
    U32Buf g_out;
    /* allowed Latin chunks: id -> base best (unigram) */
    StrMap chunks;
    /* the same chunk ids for ASCII chunks without hashing strings: 1 and 2 characters by direct
       index, 3 and 4 characters by their packed code points (-1 / absent = not a chunk) */
    int32_t ch1[128];
    int32_t *ch2;
    U64Map chlong;
    double *base_v;
    int32_t *base_gid;
    /* lexicon: a = first candidate, b = candidate count, c = total count, d = log1p(total) */
    Lex lx;
    /* European-vs-Darija log-odds per lower-cased word */
    StrMap foreign;
    /* letter fallback for ASCII characters (lower-cased key): -1 = copy the character */
    int fb_len[128];
    uint32_t fb[128][8];
    double prior;
    int started;
    /* unigram log-probability per graphone (uni_found = stored) */
    double *uni;
    unsigned char *uni_found;
    /* Arabic -> Latin: graphone Latin outputs, Arabic chunk -> options, Latin-only graphones */
    size_t *l_off, *l_len;
    U32Buf l_out;
    StrMap rchunks; /* a = first option in r_gids, b = option count */
    int32_t *r_gids;
    int32_t eps_cid; /* chunk id of the Latin-only graphones in base_v/base_gid/seen, -1 = none */
    /* per-process caches of Arabic -> Latin steps (bounded) */
    GMap rsteps, esteps;
    /* Arabic -> Latin, built on first use: per (history suffix, Arabic chunk) the stored n-grams
       of that history followed by a graphone of that chunk (option index, log-probability) */
    int rs_built;
    U32Buf ng_ids, ng_lens; /* the stored n-grams (ids), kept for that */
    float *ng_vals;
    U64Map rseen;           /* key -> aux = first item */
    int32_t *rs_opt, *rs_cnt;
    float *rs_v;
    int32_t *g_ropt;        /* graphone -> its index among its Arabic chunk's options */
} Decoder;

static void
Decoder_dealloc(Decoder *self)
{
    u64_free(&self->logp);
    u64_free(&self->bow);
    u64_free(&self->seen);
    PyMem_Free(self->g_off);
    PyMem_Free(self->g_len);
    u32_free(&self->g_out);
    smap_free(&self->chunks);
    PyMem_Free(self->ch2);
    u64_free(&self->chlong);
    PyMem_Free(self->base_v);
    PyMem_Free(self->base_gid);
    lex_free(&self->lx);
    smap_free(&self->foreign);
    PyMem_Free(self->l_off);
    PyMem_Free(self->l_len);
    u32_free(&self->l_out);
    PyMem_Free(self->uni);
    PyMem_Free(self->uni_found);
    smap_free(&self->rchunks);
    PyMem_Free(self->r_gids);
    gmap_free(&self->rsteps);
    gmap_free(&self->esteps);
    u32_free(&self->ng_ids);
    u32_free(&self->ng_lens);
    PyMem_Free(self->ng_vals);
    u64_free(&self->rseen);
    PyMem_Free(self->rs_opt);
    PyMem_Free(self->rs_cnt);
    PyMem_Free(self->rs_v);
    PyMem_Free(self->g_ropt);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static inline uint64_t
pack(const uint32_t *ids, int n)
{
    switch (n) { /* the usual lengths unrolled (the same value as the loop below) */
    case 1:
        return (uint64_t)ids[0];
    case 2:
        return ((uint64_t)ids[0] << 16) | ids[1];
    case 3:
        return ((uint64_t)ids[0] << 32) | ((uint64_t)ids[1] << 16) | ids[2];
    default:
        break;
    }
    uint64_t k = 0;
    for (int i = 0; i < n; i++)
        k = (k << 16) | ids[i];
    return k;
}

/* symbol id of one joint n-gram character; 0 = invalid */
static uint32_t
sym_id(const Decoder *d, Py_UCS4 c)
{
    if (c == 0x02)
        return d->bos;
    if (c == 0x03)
        return d->eos;
    if (c >= 0xF0000 && c - 0xF0000 < (Py_UCS4)d->G)
        return (uint32_t)(c - 0xF0000) + 1;
    return 0;
}

/* parse "\n"-joined n-gram keys + float32 values into map; keys_out (optional) gets the ids */
static int
load_ngrams(Decoder *d, U64Map *m, PyObject *keys, Py_buffer *vals, U32Buf *keys_out, U32Buf *lens_out)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(keys);
    Py_UCS4 *data = PyUnicode_AsUCS4Copy(keys); /* one pass to UCS4, then plain array reads */
    if (!data)
        return -1;
    size_t count = n ? 1 : 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (data[i] == '\n')
            count++;
    if ((size_t)vals->len != count * sizeof(float)) {
        PyErr_SetString(PyExc_ValueError, "n-gram keys and values differ in number");
        PyMem_Free(data);
        return -1;
    }
    if (u64_init(m, count) < 0) {
        PyMem_Free(data);
        return -1;
    }
    const float *fv = (const float *)vals->buf;
    uint32_t ids[MAX_ORDER];
    int len = 0;
    size_t idx = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        Py_UCS4 c = i < n ? data[i] : '\n';
        if (c == '\n') {
            if (len == 0) {
                PyErr_SetString(PyExc_ValueError, "empty n-gram key");
                PyMem_Free(data);
                return -1;
            }
            uint64_t k = pack(ids, len);
            size_t s = u64_slot(m, k);
            m->e[s].key = k;
            m->e[s].val = fv[idx];
            if (!isfinite(fv[idx]))
                d->nonfinite = 1;
            if (keys_out) {
                if (u32_append(keys_out, ids, (size_t)len) < 0) {
                    PyMem_Free(data);
                    return -1;
                }
                uint32_t l = (uint32_t)len;
                if (u32_append(lens_out, &l, 1) < 0) {
                    PyMem_Free(data);
                    return -1;
                }
            }
            idx++;
            len = 0;
            continue;
        }
        uint32_t id = sym_id(d, c);
        if (!id || len >= d->order) {
            PyErr_SetString(PyExc_ValueError, "unexpected symbol or length in an n-gram key");
            PyMem_Free(data);
            return -1;
        }
        ids[len++] = id;
    }
    PyMem_Free(data);
    return 0;
}

/* log P(sym | hist) with back-off, exactly as _ngram._lookup (ctx = hist[-nh:] + sym) */
static double
ngram_score(const Decoder *d, const uint32_t *hist, uint32_t sym)
{
    uint32_t ctx[MAX_ORDER];
    int n = d->nh;
    memcpy(ctx, hist, (size_t)n * sizeof(uint32_t));
    ctx[n] = sym;
    int start = 0, len = n + 1;
    double penalty = 0.0, v;
    for (;;) {
        if (u64_get(&d->logp, pack(ctx + start, len), &v))
            return penalty + v;
        if (len == 1)
            return penalty + d->unk;
        double b;
        if (u64_get(&d->bow, pack(ctx + start, len - 1), &b))
            penalty += b;
        start++;
        len--;
    }
}


/* back-off weights of the suffixes of one history (index k = suffix of length k) */
typedef struct {
    double v[MAX_ORDER];
    unsigned char found[MAX_ORDER];
} Bows;

static inline void
bows_prefetch(const Decoder *d, const uint32_t *hist)
{
    for (int k = 1; k <= d->nh; k++)
        u64_prefetch(&d->bow, pack(hist + (d->nh - k), k));
}

static void
bows_of(const Decoder *d, const uint32_t *hist, Bows *bw)
{
    for (int k = 1; k <= d->nh; k++) {
        bw->v[k] = 0.0;
        bw->found[k] = (unsigned char)u64_get(&d->bow, pack(hist + (d->nh - k), k), &bw->v[k]);
    }
}

/* best graphone reading chunk `cid` after `hist` (VarietyModel._fwd_value), its gid; the
   history's back-off weights are given; seen[k] tells whether any n-gram of the
   history suffix of length k followed by a graphone of this chunk is stored */
static int32_t
fwd_best_bw(const Decoder *d, const uint32_t *hist, int32_t cid, const Bows *bw, unsigned char *seen, int *level,
            double *level_v)
{
    double v = d->base_v[cid];
    int32_t gid = d->base_gid[cid];
    uint64_t keys[MAX_ORDER];
    for (int k = 1; k <= d->nh; k++) {
        keys[k] = (pack(hist + (d->nh - k), k) << 16) | (uint64_t)(cid + 1);
        u64_prefetch(&d->seen, keys[k]);
    }
    *level = 0;
    for (int k = 1; k <= d->nh; k++) {
        double b = bw->found[k] ? bw->v[k] : 0.0;
        v = b + v;
        size_t s = u64_slot(&d->seen, keys[k]);
        seen[k] = d->seen.e[s].key != 0;
        if (seen[k] && (double)d->seen.e[s].val >= v) {
            v = (double)d->seen.e[s].val;
            gid = d->seen.e[s].aux;
            *level = k;
            *level_v = v;
        }
    }
    return gid;
}

/* ngram_score (the same operations in the same order) for a graphone of the chunk fwd_best_bw
   looked at, with the history's back-off weights known: where no n-gram of that history suffix
   and chunk is stored the look-up would miss, so it is skipped; unigrams come from an array */
static double
ngram_score_seen(const Decoder *d, const uint32_t *hist, uint32_t sym, const Bows *bw, const unsigned char *seen)
{
    uint32_t ctx[MAX_ORDER];
    int n = d->nh;
    memcpy(ctx, hist, (size_t)n * sizeof(uint32_t));
    ctx[n] = sym;
    int start = 0, len = n + 1;
    double penalty = 0.0, v;
    for (;;) {
        if (len == 1) {
            if (d->uni_found[sym - 1])
                return penalty + d->uni[sym - 1];
            return penalty + d->unk;
        }
        if (seen[len - 1] && u64_get(&d->logp, pack(ctx + start, len), &v))
            return penalty + v;
        if (bw->found[len - 1])
            penalty += bw->v[len - 1];
        start++;
        len--;
    }
}

/* ngram_score_seen of the graphone fwd_best_bw chose, without a look-up when no n-gram of a longer
   history suffix and this chunk is stored: the score is then the stored value it was chosen by
   (level >= 1) or its unigram (level 0), after the same back-off weights in the same order */
static double
chosen_score(const Decoder *d, const uint32_t *hist, int32_t gid, const Bows *bw, const unsigned char *seen,
             int level, double level_v)
{
    for (int k = d->nh; k > level; k--)
        if (seen[k])
            return ngram_score_seen(d, hist, (uint32_t)gid + 1, bw, seen);
    double penalty = 0.0;
    for (int k = d->nh; k > level; k--)
        if (bw->found[k])
            penalty += bw->v[k];
    if (level >= 1)
        return penalty + level_v;
    return penalty + (d->uni_found[gid] ? d->uni[gid] : d->unk);
}

/* packed key of an ASCII chunk of 3 or 4 characters (never 0) */
static inline uint64_t
chunk_pack(const uint32_t *s, size_t n)
{
    uint64_t k = (uint64_t)n;
    for (size_t i = 0; i < n; i++)
        k = (k << 7) | s[i];
    return k;
}

/* ch1, ch2, chlong from the chunk map */
static int
build_chunk_index(Decoder *d)
{
    for (int c = 0; c < 128; c++)
        d->ch1[c] = -1;
    d->ch2 = (int32_t *)PyMem_Malloc(128 * 128 * sizeof(int32_t));
    if (!d->ch2) {
        PyErr_NoMemory();
        return -1;
    }
    for (int c = 0; c < 128 * 128; c++)
        d->ch2[c] = -1;
    if (u64_init(&d->chlong, d->chunks.n) < 0)
        return -1;
    for (size_t e = 0; e < d->chunks.n; e++) {
        const SEntry *en = &d->chunks.ents[e];
        const uint32_t *k = skey(&d->chunks, en);
        size_t n = en->len;
        int ascii = n >= 1 && n <= 4;
        for (size_t i = 0; ascii && i < n; i++)
            ascii = k[i] < 128;
        if (!ascii)
            continue;
        int32_t id = (int32_t)en->a;
        if (n == 1)
            d->ch1[k[0]] = id;
        else if (n == 2)
            d->ch2[(k[0] << 7) | k[1]] = id;
        else {
            uint64_t pk = chunk_pack(k, n);
            size_t sl = u64_slot(&d->chlong, pk);
            d->chlong.e[sl].key = pk;
            d->chlong.e[sl].aux = id;
        }
    }
    return 0;
}

/* chunk id of key[0:n] (n <= 4; ascii = every character of key is ASCII), -1 = not a chunk */
static inline int32_t
chunk_id(const Decoder *d, const uint32_t *key, size_t n, int ascii)
{
    if (ascii) {
        if (n == 1)
            return d->ch1[key[0]];
        if (n == 2)
            return d->ch2[(key[0] << 7) | key[1]];
        size_t sl = u64_slot(&d->chlong, chunk_pack(key, n));
        return d->chlong.e[sl].key ? d->chlong.e[sl].aux : -1;
    }
    int64_t cid = smap_get(&d->chunks, key, n, hash_u32(key, n));
    return cid < 0 ? -1 : (int32_t)d->chunks.ents[cid].a;
}

typedef struct {
    double score;
    uint32_t hist[MAX_ORDER];
    int32_t prev, gid;
    int valid;
} State;

/* fetch what the steps out of a position will read for a (candidate) history: the back-off weights
   of its suffixes and the seen slots of each suffix with each chunk starting there (hints only) */
static inline void
state_prefetch(const Decoder *d, const uint32_t *hist, const int32_t *cids)
{
    int nh = d->nh;
    int any = 0;
    for (int w = 0; w < 3; w++) {
        if (cids[w] < 0)
            continue;
        any = 1;
        for (int k = 1; k <= nh; k++)
            u64_prefetch(&d->seen, (pack(hist + (nh - k), k) << 16) | (uint64_t)(cids[w] + 1));
    }
    if (any)
        bows_prefetch(d, hist);
}

/* greedy best path for a UCS4 key; 1 = found (out appended, *score set unless score is NULL), 0 = no
   path, -1 = error.

   Positions are taken in order; when a position's state is final, its steps (chunks of 1, 2 and 4
   characters) are scored and offered to the positions they reach. A position thus receives its
   offers in ascending order of source, and keeps the first best, as the pull-style
   VarietyModel._greedy_latin_py does. An offer that becomes a position's best so far has its
   history's table slots fetched at once: by the time that position is final, its look-ups are
   usually on their way (first-pass decoding waits on memory, not on arithmetic). A step's best
   graphone is not cached: in a first pass over new text most (history, chunk) pairs are new, and a
   cache probe costs as much as the look-ups it would save. */
static int
greedy(Decoder *d, const uint32_t *key, size_t n, U32Buf *out, double *score)
{
    State small[64];
    int32_t cbuf[3 * 64];
    State *st = small;
    int32_t *cids = cbuf;
    if (n + 1 > 64) {
        if (n + 1 > ((size_t)-1) / sizeof(State)) {
            PyErr_NoMemory();
            return -1;
        }
        st = (State *)PyMem_Malloc((n + 1) * sizeof(State));
        cids = (int32_t *)PyMem_Malloc(3 * (n + 1) * sizeof(int32_t));
        if (!st || !cids) {
            PyMem_Free(st);
            PyMem_Free(cids);
            PyErr_NoMemory();
            return -1;
        }
    }
    static const size_t step_len[3] = {1, 2, 4};
    int nh = d->nh;
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        ascii &= key[i] < 128;
    /* the chunk of each step out of each position (-1 = none) */
    for (size_t i = 0; i <= n; i++)
        for (int w = 0; w < 3; w++)
            cids[3 * i + w] = i + step_len[w] <= n ? chunk_id(d, key + i, step_len[w], ascii) : -1;
    for (size_t j = 0; j <= n; j++)
        st[j].valid = 0;
    st[0].score = 0.0;
    for (int k = 0; k < nh; k++)
        st[0].hist[k] = d->bos;
    st[0].prev = -1;
    st[0].gid = -1;
    st[0].valid = 1;
    state_prefetch(d, st[0].hist, cids);
    for (size_t i = 0; i < n; i++) {
        const State *src = &st[i];
        if (!src->valid)
            continue;
        Bows bw;
        int have_bw = 0;
        for (int w = 0; w < 3; w++) {
            int32_t c = cids[3 * i + w];
            if (c < 0)
                continue;
            if (!have_bw) {
                bows_of(d, src->hist, &bw);
                have_bw = 1;
            }
            /* best graphone of this (history, chunk) and its score */
            unsigned char seen[MAX_ORDER] = {0};
            int level = 0;
            double level_v = 0.0;
            int32_t gid = fwd_best_bw(d, src->hist, c, &bw, seen, &level, &level_v);
            double t = src->score + chosen_score(d, src->hist, gid, &bw, seen, level, level_v);
            size_t j = i + step_len[w];
            State *cur = &st[j];
            if (!cur->valid || t > cur->score) {
                cur->valid = 1;
                cur->score = t;
                for (int k = 0; k + 1 < nh; k++)
                    cur->hist[k] = src->hist[k + 1];
                if (nh)
                    cur->hist[nh - 1] = (uint32_t)gid + 1;
                cur->prev = (int32_t)i;
                cur->gid = gid;
                if (j < n)
                    state_prefetch(d, cur->hist, cids + 3 * j);
            }
        }
    }
    if (cids != cbuf)
        PyMem_Free(cids);
    int found = st[n].valid;
    if (found) {
        if (score) /* NULL: the caller needs no score */
            *score = st[n].score + ngram_score(d, st[n].hist, d->eos);
        /* outputs along the back-pointers, written right to left */
        size_t total = 0;
        for (int64_t j = (int64_t)n; j > 0; j = st[j].prev)
            total += d->g_len[st[j].gid];
        if (u32_reserve(out, total) < 0) {
            if (st != small)
                PyMem_Free(st);
            return -1;
        }
        size_t pos = out->n + total;
        for (int64_t j = (int64_t)n; j > 0; j = st[j].prev) {
            size_t gl = d->g_len[st[j].gid];
            pos -= gl;
            if (gl) /* out->p may be NULL when every graphone of the path is empty */
                memcpy(out->p + pos, d->g_out.p + d->g_off[st[j].gid], gl * sizeof(uint32_t));
        }
        out->n += total;
    }
    if (st != small)
        PyMem_Free(st);
    return found;
}

static inline void
shift_hist(const Decoder *d, const uint32_t *h, uint32_t sym, uint32_t *out)
{
    for (int k = 0; k + 1 < d->nh; k++)
        out[k] = h[k + 1];
    out[d->nh - 1] = sym;
}

/* best Latin-only graphone after hist (cached); NULL on error */
static const EStep *
eps_step(Decoder *d, const uint32_t *hist)
{
    uint64_t key = pack(hist, d->nh);
    const EStep *hit = (const EStep *)gmap_get(&d->esteps, key);
    if (hit)
        return hit;
    EStep e;
    memset(&e, 0, sizeof(e));
    Bows bw;
    unsigned char seen[MAX_ORDER] = {0};
    bows_of(d, hist, &bw);
    int level = 0;
    double level_v = 0.0;
    e.gid = fwd_best_bw(d, hist, d->eps_cid, &bw, seen, &level, &level_v);
    e.logp = ngram_score_seen(d, hist, (uint32_t)e.gid + 1, &bw, seen);
    shift_hist(d, hist, (uint32_t)e.gid + 1, e.hist);
    if (gmap_put(&d->esteps, key, &e, STEP_LIMIT) < 0)
        return NULL;
    return (const EStep *)gmap_get(&d->esteps, key);
}

typedef struct {
    double negd;
    int32_t idx;
} Scored;

static int
scored_cmp(const void *a, const void *b)
{
    const Scored *x = (const Scored *)a, *y = (const Scored *)b;
    if (x->negd < y->negd)
        return -1;
    if (x->negd > y->negd)
        return 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Arabic chunk of a graphone (-1 = Latin-only) */
static int64_t
g_rchunk(const Decoder *d, int32_t gid)
{
    if (d->g_len[gid] == 0)
        return -1;
    return smap_get(&d->rchunks, d->g_out.p + d->g_off[gid], d->g_len[gid],
                    hash_u32(d->g_out.p + d->g_off[gid], d->g_len[gid]));
}

/* per (history suffix, Arabic chunk): the stored n-grams ending in a graphone of that chunk */
static int
build_rseen(Decoder *d)
{
    /* a failed earlier attempt leaves nothing behind */
    u64_free(&d->rseen);
    PyMem_Free(d->rs_opt);
    PyMem_Free(d->rs_v);
    PyMem_Free(d->rs_cnt);
    d->rs_opt = d->rs_cnt = NULL;
    d->rs_v = NULL;
    size_t total = d->ng_lens.n;
    int64_t *keyof = (int64_t *)PyMem_Malloc((total + 1) * sizeof(int64_t));
    int32_t *rcof = (int32_t *)PyMem_Malloc(((size_t)d->G + 1) * sizeof(int32_t));
    int rc = -1;
    if (!keyof || !rcof) {
        PyErr_NoMemory();
        goto end;
    }
    for (int32_t g = 0; g < d->G; g++)
        rcof[g] = (int32_t)g_rchunk(d, g);
    if (u64_init(&d->rseen, total) < 0)
        goto end;
    /* pass 1: count per key (aux), pass 2: first item per key, pass 3: fill */
    size_t items = 0;
    for (size_t e = 0, at = 0; e < total; at += d->ng_lens.p[e], e++) {
        uint32_t len = d->ng_lens.p[e];
        const uint32_t *ids = d->ng_ids.p + at;
        keyof[e] = -1;
        if (len < 2)
            continue;
        uint32_t last = ids[len - 1];
        if (last < 1 || last > (uint32_t)d->G || rcof[last - 1] < 0)
            continue;
        uint64_t k = (pack(ids, (int)len - 1) << 16) | (uint64_t)(rcof[last - 1] + 1);
        keyof[e] = (int64_t)k;
        size_t s = u64_slot(&d->rseen, k);
        if (!d->rseen.e[s].key) {
            d->rseen.e[s].key = k;
            d->rseen.e[s].aux = 0;
        }
        d->rseen.e[s].aux++;
        items++;
    }
    d->rs_opt = (int32_t *)PyMem_Malloc((items + 1) * sizeof(int32_t));
    d->rs_v = (float *)PyMem_Malloc((items + 1) * sizeof(float));
    d->rs_cnt = (int32_t *)PyMem_Calloc(items + 1, sizeof(int32_t));
    if (!d->rs_opt || !d->rs_v || !d->rs_cnt) {
        PyErr_NoMemory();
        goto end;
    }
    int32_t next = 0;
    for (size_t s = 0; s <= d->rseen.mask; s++) {
        if (!d->rseen.e[s].key)
            continue;
        int32_t cnt = d->rseen.e[s].aux;
        d->rseen.e[s].aux = next;
        d->rs_cnt[next] = cnt;
        next += cnt;
    }
    {
        int32_t *fill = (int32_t *)PyMem_Calloc(items + 1, sizeof(int32_t));
        if (!fill) {
            PyErr_NoMemory();
            goto end;
        }
        for (size_t e = 0, at = 0; e < total; at += d->ng_lens.p[e], e++) {
            if (keyof[e] < 0)
                continue;
            uint32_t len = d->ng_lens.p[e];
            int32_t gid = (int32_t)d->ng_ids.p[at + len - 1] - 1;
            int32_t start = d->rseen.e[u64_slot(&d->rseen, (uint64_t)keyof[e])].aux;
            int32_t at_item = start + fill[start]++;
            d->rs_opt[at_item] = d->g_ropt[gid];
            d->rs_v[at_item] = d->ng_vals[e];
        }
        PyMem_Free(fill);
    }
    d->rs_built = 1;
    rc = 0;
end:
    PyMem_Free(keyof);
    PyMem_Free(rcof);
    return rc;
}

/* VarietyModel._step(h, chunk, forward=False) for Arabic chunk `rc` (cached); r = 0 ok, -1 error */
static int
rev_step(Decoder *d, const uint32_t *hist, int64_t rc, RStep *out)
{
    uint64_t key = (pack(hist, d->nh) << 16) | (uint64_t)(rc + 1);
    const RStep *hit = (const RStep *)gmap_get(&d->rsteps, key);
    if (hit) {
        *out = *hit;
        return 0;
    }
    const SEntry *re = &d->rchunks.ents[rc];
    int32_t m = (int32_t)re->b;
    const int32_t *gids = d->r_gids + re->a;
    Scored small[64];
    Scored *sc = m <= 64 ? small : (Scored *)PyMem_Malloc((size_t)m * sizeof(Scored));
    if (!sc) {
        PyErr_NoMemory();
        return -1;
    }
    double dsmall[64];
    unsigned char donesmall[64];
    double *dvs = m <= 64 ? dsmall : (double *)PyMem_Malloc((size_t)m * sizeof(double));
    unsigned char *done = m <= 64 ? donesmall : (unsigned char *)PyMem_Malloc((size_t)m);
    if (!dvs || !done) {
        PyErr_NoMemory();
        if (dvs && dvs != dsmall)
            PyMem_Free(dvs);
        if (done && done != donesmall)
            PyMem_Free(done);
        if (sc != small)
            PyMem_Free(sc);
        return -1;
    }
    /* every option's ngram_score at once: the history's back-off weights are looked up once, and
       per history suffix the stored n-grams of this chunk are listed (rseen), so an option scores
       at the longest suffix it was stored after, plus the weights of the longer ones, as _lookup */
    memset(done, 0, (size_t)m);
    Bows bw;
    bows_of(d, hist, &bw);
    double pen = 0.0;
    for (int k = d->nh; k >= 1; k--) {
        uint64_t skey = (pack(hist + (d->nh - k), k) << 16) | (uint64_t)(rc + 1);
        size_t s = u64_slot(&d->rseen, skey);
        if (d->rseen.e[s].key) {
            int32_t start = d->rseen.e[s].aux, cnt = d->rs_cnt[start];
            for (int32_t it = start; it < start + cnt; it++) {
                int32_t o = d->rs_opt[it];
                if (o >= 0 && o < m && !done[o]) {
                    dvs[o] = pen + (double)d->rs_v[it];
                    done[o] = 1;
                }
            }
        }
        if (bw.found[k])
            pen += bw.v[k];
    }
    for (int32_t i = 0; i < m; i++)
        if (!done[i]) {
            int32_t g = gids[i];
            dvs[i] = d->uni_found[g] ? pen + d->uni[g] : pen + d->unk;
        }
    RStep st;
    memset(&st, 0, sizeof(st));
    int have = 0;
    for (int32_t i = 0; i < m; i++) {
        double dv = dvs[i];
        if (!have || dv > st.d) {
            st.d = dv;
            st.gid = gids[i];
            have = 1;
        }
        sc[i].negd = -dv;
        sc[i].idx = i;
    }
    shift_hist(d, hist, (uint32_t)st.gid + 1, st.hist);
    if (d->eps_cid >= 0) {
        qsort(sc, (size_t)m, sizeof(Scored), scored_cmp);
        double pair_value = -INFINITY;
        int32_t pair_idx = -1;
        for (int32_t i = 0; i < m; i++) {
            double dv = -sc[i].negd;
            if (dv <= pair_value)
                break;
            uint32_t nh[MAX_ORDER];
            int32_t g = gids[sc[i].idx];
            shift_hist(d, hist, (uint32_t)g + 1, nh);
            const EStep *e = eps_step(d, nh);
            if (!e) {
                if (sc != small)
                    PyMem_Free(sc);
                if (dvs != dsmall)
                    PyMem_Free(dvs);
                if (done != donesmall)
                    PyMem_Free(done);
                return -1;
            }
            double v = dv + e->logp;
            if (v > pair_value || (v == pair_value && sc[i].idx < pair_idx)) {
                pair_value = v;
                pair_idx = sc[i].idx;
                st.has_pair = 1;
                st.pd = dv;
                st.pe = e->logp;
                memcpy(st.phist, e->hist, sizeof(st.phist));
                st.pgid = g;
                st.pegid = e->gid;
            }
        }
    }
    if (sc != small)
        PyMem_Free(sc);
    if (dvs != dsmall)
        PyMem_Free(dvs);
    if (done != donesmall)
        PyMem_Free(done);
    if (gmap_put(&d->rsteps, key, &st, STEP_LIMIT) < 0)
        return -1;
    *out = st;
    return 0;
}

typedef struct {
    double score;
    uint32_t hist[MAX_ORDER];
    int32_t prev; /* -1 = from the start */
    int32_t g1, g2; /* graphones appended (-1 = none) */
    int valid;
} RState;

/* VarietyModel._greedy_arabic over Arabic units (UCS4 text, unit i = text[uoff[i]:uoff[i+1]]):
   1 = found, 0 = no path, -1 = error */
static int
greedy_arabic_core(Decoder *d, const uint32_t *text, const size_t *uoff, Py_ssize_t n, U32Buf *out,
                   double *score)
{
    if (!d->rs_built && build_rseen(d) < 0)
        return -1;
    RState *st = (RState *)PyMem_Malloc(((size_t)n + 1) * sizeof(RState));
    int rc = -1;
    if (!st) {
        PyErr_NoMemory();
        return -1;
    }
    int nh = d->nh;
    int has_eps = d->eps_cid >= 0;
    for (Py_ssize_t j = 0; j <= n; j++) {
        RState arrival, ext;
        arrival.valid = ext.valid = 0;
        if (j == 0) {
            arrival.valid = 1;
            arrival.score = 0.0;
            for (int k = 0; k < nh; k++)
                arrival.hist[k] = d->bos;
            arrival.prev = -1;
            arrival.g1 = arrival.g2 = -1;
            if (has_eps) {
                const EStep *e = eps_step(d, arrival.hist);
                if (!e)
                    goto end;
                ext.valid = 1;
                ext.score = 0.0 + e->logp;
                memcpy(ext.hist, e->hist, sizeof(ext.hist));
                ext.prev = -1;
                ext.g1 = -1;
                ext.g2 = e->gid;
            }
        }
        for (Py_ssize_t i = j - 2; i < j; i++) {
            if (i < 0 || !st[i].valid)
                continue;
            const RState *src = &st[i];
            size_t a = uoff[i], b = uoff[j];
            int64_t r = smap_get(&d->rchunks, text + a, b - a, hash_u32(text + a, b - a));
            if (r < 0)
                continue;
            RStep step;
            if (rev_step(d, src->hist, r, &step) < 0)
                goto end;
            double t = src->score + step.d;
            if (!arrival.valid || t > arrival.score) {
                arrival.valid = 1;
                arrival.score = t;
                memcpy(arrival.hist, step.hist, sizeof(arrival.hist));
                arrival.prev = (int32_t)i;
                arrival.g1 = step.gid;
                arrival.g2 = -1;
            }
            if (step.has_pair) {
                t = src->score + step.pd + step.pe;
                if (!ext.valid || t > ext.score) {
                    ext.valid = 1;
                    ext.score = t;
                    memcpy(ext.hist, step.phist, sizeof(ext.hist));
                    ext.prev = (int32_t)i;
                    ext.g1 = step.pgid;
                    ext.g2 = step.pegid;
                }
            }
        }
        st[j] = (ext.valid && (!arrival.valid || ext.score > arrival.score)) ? ext : arrival;
    }
    rc = st[n].valid;
    if (rc) {
        *score = st[n].score + ngram_score(d, st[n].hist, d->eos);
        size_t total = 0;
        for (int64_t j = (int64_t)n; j >= 0; j = st[j].prev) {
            if (st[j].g1 >= 0)
                total += d->l_len[st[j].g1];
            if (st[j].g2 >= 0)
                total += d->l_len[st[j].g2];
            if (st[j].prev < 0)
                break;
        }
        if (u32_reserve(out, total) < 0) {
            rc = -1;
            goto end;
        }
        size_t pos = out->n + total;
        for (int64_t j = (int64_t)n; j >= 0; j = st[j].prev) {
            int32_t gs[2] = {st[j].g2, st[j].g1};
            for (int w = 0; w < 2; w++) {
                if (gs[w] < 0)
                    continue;
                size_t gl = d->l_len[gs[w]];
                pos -= gl;
                if (gl) /* out->p may be NULL when the path writes nothing */
                    memcpy(out->p + pos, d->l_out.p + d->l_off[gs[w]], gl * sizeof(uint32_t));
            }
            if (st[j].prev < 0)
                break;
        }
        out->n += total;
    }
end:
    PyMem_Free(st);
    return rc;
}

/* greedy_arabic_core over a list of unit strings */
static int
greedy_arabic(Decoder *d, PyObject *units, U32Buf *out, double *score)
{
    Py_ssize_t n = PyList_GET_SIZE(units);
    size_t *uoff = (size_t *)PyMem_Malloc(((size_t)n + 2) * sizeof(size_t));
    U32Buf text = {0};
    int rc = -1;
    if (!uoff) {
        PyErr_NoMemory();
        return -1;
    }
    uoff[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *u = PyList_GET_ITEM(units, i);
        if (!PyUnicode_Check(u)) {
            PyErr_SetString(PyExc_TypeError, "units must be str");
            goto end;
        }
        if (ensure_ready(u) < 0 || u32_from_str(&text, u) == (size_t)-1)
            goto end;
        uoff[i + 1] = text.n;
    }
    rc = greedy_arabic_core(d, text.p ? text.p : (const uint32_t *)uoff, uoff, n, out, score);
end:
    PyMem_Free(uoff);
    u32_free(&text);
    return rc;
}

static int
u32_less(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t n = na < nb ? na : nb;
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i];
    return na < nb;
}

/* letter fallback (_fallback_arabic): 1 = appended, 0 = cannot (non-ASCII key), -1 = error */
static int
fallback(const Decoder *d, const uint32_t *key, size_t n, U32Buf *out)
{
    for (size_t i = 0; i < n; i++)
        if (key[i] >= 128)
            return 0;
    size_t start = out->n;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = key[i];
        uint32_t lc = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        int r = d->fb_len[lc] >= 0 ? u32_append(out, d->fb[lc], (size_t)d->fb_len[lc]) : u32_append(out, &c, 1);
        if (r < 0)
            return -1;
    }
    if (out->n == start && u32_append(out, key, n) < 0)
        return -1;
    return 1;
}

/* _ToArabic.word for a lookup key: 1 = appended, 0 = cannot decide exactly, -1 = error */
static int
word_out(Decoder *d, const uint32_t *key, size_t n, U32Buf *out)
{
    int64_t e = smap_get(&d->lx.map, key, n, hash_u32(key, n));
    const SEntry *le = e >= 0 ? &d->lx.map.ents[e] : NULL;
    if (le) {
        int64_t a = le->a;
        const Cand *ca = &d->lx.cand[a];
        if (le->b == 1 || ca[0].count >= 2 * ca[1].count)
            return u32_append(out, d->lx.cand_str.p + ca[0].off, ca[0].len) < 0 ? -1 : 1;
    }
    U32Buf g = {0};
    double gscore = 0.0;
    /* only the path's finiteness is used below: with every stored value and unk finite, every path
       score is finite, and the end-of-word score need not be looked up */
    int found = greedy(d, key, n, &g, d->nonfinite || !isfinite(d->unk) ? &gscore : NULL);
    if (found < 0) {
        u32_free(&g);
        return -1;
    }
    if (found && !isfinite(gscore)) { /* the Python softmax would not give 1.0: let it decide */
        u32_free(&g);
        return 0;
    }
    const uint32_t *best = NULL;
    size_t best_len = 0;
    double best_p = 0.0;
    int have = 0;
    if (!le) {
        if (found) {
            best = g.p;
            best_len = g.n;
            have = 1;
        }
    }
    else {
        /* _mix: prior * 1.0 / (total + prior) for the generated string, + c / (total + prior) per entry */
        double denom = (double)le->c + d->prior;
        double gp = found ? d->prior * 1.0 / denom : 0.0;
        int g_in_lex = 0;
        for (int64_t k = le->a; k < le->a + le->b; k++) {
            const uint32_t *cs = d->lx.cand_str.p + d->lx.cand[k].off;
            size_t cl = d->lx.cand[k].len;
            double p = 0.0;
            if (found && cl == g.n && (cl == 0 || memcmp(cs, g.p, cl * sizeof(uint32_t)) == 0)) {
                p = gp;
                g_in_lex = 1;
            }
            p = p + (double)d->lx.cand[k].count / denom;
            if (!have || p > best_p || (p == best_p && u32_less(cs, cl, best, best_len))) {
                best = cs;
                best_len = cl;
                best_p = p;
                have = 1;
            }
        }
        if (found && !g_in_lex) {
            if (!have || gp > best_p || (gp == best_p && u32_less(g.p, g.n, best, best_len))) {
                best = g.p;
                best_len = g.n;
                best_p = gp;
                have = 1;
            }
        }
    }
    int r;
    if (have && best_len > 0)
        r = u32_append(out, best, best_len) < 0 ? -1 : 1;
    else
        r = fallback(d, key, n, out);
    u32_free(&g);
    return r;
}

static int
lex_bad(void)
{
    PyErr_SetString(PyExc_ValueError, "malformed lexicon line");
    return -1;
}

/* The lexicon text as stored: lines "key\tcand\x01count\x02cand\x01count..." joined by "\n"
   (the format _store._lexicon reads; a repeated key keeps its last line, as a dict would). */
static int
load_lexicon(Lex *L, PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 *data = PyUnicode_AsUCS4Copy(text); /* one pass to UCS4, then plain array reads */
    if (!data)
        return -1;
    size_t lines = n ? 1 : 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (data[i] == '\n')
            lines++;
    if (smap_init(&L->map, lines) < 0) {
        PyMem_Free(data);
        return -1;
    }
    size_t ncand = 0, ccap = 0;
    U32Buf kb = {0};
    int rc = -1;
    Py_ssize_t i = 0;
    while (n && i <= n) {
        /* key: up to the one tab of the line */
        kb.n = 0;
        Py_ssize_t k0 = i;
        while (i < n && data[i] != '\t' && data[i] != '\n')
            i++;
        if (u32_append(&kb, (const uint32_t *)data + k0, (size_t)(i - k0)) < 0)
            goto fail;
        if (i >= n || data[i] != '\t') {
            lex_bad();
            goto fail;
        }
        i++;
        size_t first = ncand;
        int64_t total = 0;
        for (;;) { /* one "cand\x01count" item */
            if (ncand == ccap) {
                size_t nc = ccap ? ccap * 2 : 4096;
                Cand *cc = (Cand *)PyMem_Realloc(L->cand, nc * sizeof(Cand));
                if (!cc) {
                    PyErr_NoMemory();
                    goto fail;
                }
                L->cand = cc;
                ccap = nc;
            }
            size_t off = L->cand_str.n;
            Py_ssize_t c0 = i;
            while (i < n && data[i] != 0x01 && data[i] != 0x02 && data[i] != '\t' && data[i] != '\n')
                i++;
            if (u32_append(&L->cand_str, (const uint32_t *)data + c0, (size_t)(i - c0)) < 0)
                goto fail;
            if (i >= n || data[i] != 0x01) {
                lex_bad();
                goto fail;
            }
            i++;
            int64_t cnt = 0;
            int digits = 0;
            while (i < n) {
                Py_UCS4 c = data[i];
                if (c < '0' || c > '9')
                    break;
                if (cnt > ((int64_t)1 << 40)) {
                    lex_bad();
                    goto fail;
                }
                cnt = cnt * 10 + (int64_t)(c - '0');
                digits++;
                i++;
            }
            if (!digits) {
                lex_bad();
                goto fail;
            }
            if (L->cand_str.n > 0xffffffffu) {
                PyErr_SetString(PyExc_MemoryError, "lexicon too large");
                goto fail;
            }
            L->cand[ncand].off = (uint32_t)off;
            L->cand[ncand].len = (uint32_t)(L->cand_str.n - off);
            L->cand[ncand].count = cnt;
            total += cnt;
            ncand++;
            if (i < n && data[i] == 0x02) {
                i++;
                continue;
            }
            break;
        }
        if (i < n && data[i] != '\n') {
            lex_bad();
            goto fail;
        }
        i++; /* past the newline (or the end) */
        uint64_t h = hash_u32(kb.p, kb.n);
        int64_t e = smap_get(&L->map, kb.p, kb.n, h);
        SEntry *en = e >= 0 ? &L->map.ents[e] : smap_add(&L->map, kb.p, kb.n, h);
        if (!en)
            goto fail;
        en->a = (int64_t)first;
        en->b = (int64_t)(ncand - first);
        en->c = total;
        en->d = log1p((double)total);
        if (i > n)
            break;
    }
    rc = lex_settle(L, ncand);
fail:
    u32_free(&kb);
    PyMem_Free(data);
    return rc;
}

/* The European-word table as stored: lines "word\tlog-odds" joined by "\n" (as _store reads it
   with float(); values are parsed by the same routine float() uses, so they are identical; a
   value float() would accept only after stripping spaces or underscores is refused here). */
static int
load_foreign(Decoder *self, PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 *data = PyUnicode_AsUCS4Copy(text); /* one pass to UCS4, then plain array reads */
    if (!data)
        return -1;
    size_t lines = n ? 1 : 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (data[i] == '\n')
            lines++;
    if (smap_init(&self->foreign, lines) < 0) {
        PyMem_Free(data);
        return -1;
    }
    U32Buf kb = {0};
    char num[64];
    int rc = -1;
    Py_ssize_t i = 0;
    while (n && i <= n) {
        kb.n = 0;
        Py_ssize_t k0 = i;
        while (i < n && data[i] != '\t' && data[i] != '\n')
            i++;
        if (u32_append(&kb, (const uint32_t *)data + k0, (size_t)(i - k0)) < 0)
            goto fail;
        if (i >= n || data[i] != '\t')
            goto bad;
        i++;
        size_t len = 0;
        while (i < n) {
            Py_UCS4 c = data[i];
            if (c == '\n')
                break;
            if (len + 1 >= sizeof(num) || c > 127 || c == '_' || c == '\t' || Py_UNICODE_ISSPACE(c))
                goto bad;
            num[len++] = (char)c;
            i++;
        }
        num[len] = '\0';
        i++; /* past the newline (or the end) */
        char *end = NULL;
        double v = PyOS_string_to_double(num, &end, NULL);
        if (v == -1.0 && PyErr_Occurred())
            goto fail;
        if (len == 0 || end != num + len)
            goto bad;
        uint64_t h = hash_u32(kb.p, kb.n);
        int64_t e = smap_get(&self->foreign, kb.p, kb.n, h);
        SEntry *en = e >= 0 ? &self->foreign.ents[e] : smap_add(&self->foreign, kb.p, kb.n, h);
        if (!en)
            goto fail;
        en->d = v;
        if (i > n)
            break;
    }
    rc = 0;
    goto fail;
bad:
    PyErr_SetString(PyExc_ValueError, "malformed European-word line");
fail:
    u32_free(&kb);
    PyMem_Free(data);
    return rc;
}

static int
Decoder_init(Decoder *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"order", "unk", "pk", "pv", "bk", "bv", "graphones", "chunks",
                             "lexicon", "foreign", "fallback", "prior", NULL};
    int order;
    double unk, prior;
    PyObject *pk, *bk, *graphones, *chunks, *lexicon, *foreign, *fb;
    Py_buffer pv = {0}, bv = {0};
    if (self->started) {
        PyErr_SetString(PyExc_RuntimeError, "Decoder is already initialised");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "idUy*Uy*O!O!UUO!d", kwlist, &order, &unk, &pk, &pv, &bk, &bv,
                                     &PyList_Type, &graphones, &PyList_Type, &chunks, &lexicon, &foreign,
                                     &PyDict_Type, &fb, &prior))
        return -1;
    int rc = -1;
    U32Buf pkeys = {0}, plens = {0};
    self->started = 1;
    if (ensure_ready(pk) < 0 || ensure_ready(bk) < 0 || ensure_ready(lexicon) < 0 || ensure_ready(foreign) < 0)
        goto done;
    Py_ssize_t G = PyList_GET_SIZE(graphones);
    if (order < 2 || order > MAX_ORDER || G < 1 || G + 3 > 0xFFFF) {
        PyErr_SetString(PyExc_ValueError, "joint model shape not supported by the compiled decoder");
        goto done;
    }
    self->order = order;
    self->nh = order - 1;
    self->unk = unk;
    self->prior = prior;
    self->G = (int)G;
    self->bos = (uint32_t)G + 1;
    self->eos = (uint32_t)G + 2;
    if (load_ngrams(self, &self->logp, pk, &pv, &pkeys, &plens) < 0)
        goto done;
    if (load_ngrams(self, &self->bow, bk, &bv, NULL, NULL) < 0)
        goto done;
    self->uni = (double *)PyMem_Calloc((size_t)G, sizeof(double));
    self->uni_found = (unsigned char *)PyMem_Calloc((size_t)G, 1);
    if (!self->uni || !self->uni_found) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t g = 0; g < G; g++) {
        uint32_t sym = (uint32_t)g + 1;
        self->uni_found[g] = (unsigned char)u64_get(&self->logp, pack(&sym, 1), &self->uni[g]);
    }

    /* graphones */
    self->g_off = (size_t *)PyMem_Calloc((size_t)G, sizeof(size_t));
    self->g_len = (size_t *)PyMem_Calloc((size_t)G, sizeof(size_t));
    if (!self->g_off || !self->g_len) {
        PyErr_NoMemory();
        goto done;
    }
    self->l_off = (size_t *)PyMem_Calloc((size_t)G, sizeof(size_t));
    self->l_len = (size_t *)PyMem_Calloc((size_t)G, sizeof(size_t));
    if (!self->l_off || !self->l_len || smap_init(&self->rchunks, (size_t)G) < 0) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto done;
    }
    int32_t *g_chunk = (int32_t *)PyMem_Malloc(2 * (size_t)G * sizeof(int32_t));
    if (!g_chunk) {
        PyErr_NoMemory();
        goto done;
    }
    int32_t *g_rc = g_chunk + G;
    /* chunks */
    Py_ssize_t C = PyList_GET_SIZE(chunks);
    if (C + 2 > 0xFFFF || smap_init(&self->chunks, (size_t)C) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "too many Latin chunks for the compiled decoder");
        PyMem_Free(g_chunk);
        goto done;
    }
    self->base_v = (double *)PyMem_Calloc((size_t)C + 1, sizeof(double));
    self->base_gid = (int32_t *)PyMem_Malloc(((size_t)C + 1) * sizeof(int32_t));
    if (!self->base_v || !self->base_gid) {
        PyErr_NoMemory();
        PyMem_Free(g_chunk);
        goto done;
    }
    U32Buf tmp = {0};
    for (Py_ssize_t c = 0; c < C; c++) {
        PyObject *s = PyList_GET_ITEM(chunks, c);
        if (!PyUnicode_Check(s) || ensure_ready(s) < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "chunks must be str");
            goto chunk_fail;
        }
        tmp.n = 0;
        if (u32_from_str(&tmp, s) == (size_t)-1)
            goto chunk_fail;
        uint64_t h = hash_u32(tmp.p, tmp.n);
        if (smap_get(&self->chunks, tmp.p, tmp.n, h) >= 0)
            continue;
        SEntry *en = smap_add(&self->chunks, tmp.p, tmp.n, h);
        if (!en)
            goto chunk_fail;
        en->a = (int64_t)(self->chunks.n - 1);
        self->base_gid[en->a] = -1;
    }
    for (Py_ssize_t g = 0; g < G; g++) {
        PyObject *t = PyList_GET_ITEM(graphones, g);
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(t, 0)) ||
            !PyUnicode_Check(PyTuple_GET_ITEM(t, 1))) {
            PyErr_SetString(PyExc_TypeError, "graphones must be (str, str) tuples");
            goto chunk_fail;
        }
        PyObject *lat = PyTuple_GET_ITEM(t, 0), *ar = PyTuple_GET_ITEM(t, 1);
        if (ensure_ready(lat) < 0 || ensure_ready(ar) < 0)
            goto chunk_fail;
        size_t off = u32_from_str(&self->g_out, ar);
        if (off == (size_t)-1)
            goto chunk_fail;
        self->g_off[g] = off;
        self->g_len[g] = (size_t)PyUnicode_GET_LENGTH(ar);
        tmp.n = 0;
        if (u32_from_str(&tmp, lat) == (size_t)-1)
            goto chunk_fail;
        size_t loff = u32_from_str(&self->l_out, lat);
        if (loff == (size_t)-1)
            goto chunk_fail;
        self->l_off[g] = loff;
        self->l_len[g] = (size_t)PyUnicode_GET_LENGTH(lat);
        if (self->g_len[g] > 0) { /* Arabic -> Latin options of this Arabic chunk, in graphone order */
            U32Buf ab = {0};
            if (u32_from_str(&ab, ar) == (size_t)-1) {
                u32_free(&ab);
                goto chunk_fail;
            }
            uint64_t h = hash_u32(ab.p, ab.n);
            int64_t r = smap_get(&self->rchunks, ab.p, ab.n, h);
            SEntry *ren = r >= 0 ? &self->rchunks.ents[r] : smap_add(&self->rchunks, ab.p, ab.n, h);
            u32_free(&ab);
            if (!ren)
                goto chunk_fail;
            ren->b++;
            g_rc[g] = (int32_t)(r >= 0 ? r : (int64_t)self->rchunks.n - 1);
        }
        else
            g_rc[g] = -1;
        int64_t e = smap_get(&self->chunks, tmp.p, tmp.n, hash_u32(tmp.p, tmp.n));
        g_chunk[g] = e >= 0 ? (int32_t)self->chunks.ents[e].a : -1;
        if (e >= 0) {
            /* base case of _fwd_value: first best unigram among the chunk's graphones */
            uint32_t sym = (uint32_t)g + 1;
            double v;
            if (!u64_get(&self->logp, pack(&sym, 1), &v))
                v = unk;
            int32_t cid = g_chunk[g];
            if (self->base_gid[cid] < 0 || v > self->base_v[cid]) {
                self->base_v[cid] = v;
                self->base_gid[cid] = (int32_t)g;
            }
        }
    }
    u32_free(&tmp);
    for (size_t c = 0; c < self->chunks.n; c++)
        if (self->base_gid[c] < 0) {
            PyErr_SetString(PyExc_ValueError, "a Latin chunk without graphone");
            PyMem_Free(g_chunk);
            goto done;
        }
    if (build_chunk_index(self) < 0) {
        PyMem_Free(g_chunk);
        goto done;
    }
    /* Latin-only graphones: one more chunk id (the Python code's _EPS), base = first best unigram */
    self->eps_cid = -1;
    for (Py_ssize_t g = 0; g < G; g++) {
        if (self->g_len[g] != 0)
            continue;
        int32_t cid = (int32_t)self->chunks.n;
        uint32_t sym = (uint32_t)g + 1;
        double v;
        if (!u64_get(&self->logp, pack(&sym, 1), &v))
            v = unk;
        if (self->eps_cid < 0 || v > self->base_v[cid]) {
            self->base_v[cid] = v;
            self->base_gid[cid] = (int32_t)g;
        }
        self->eps_cid = cid;
    }
    /* option lists of the Arabic chunks */
    self->r_gids = (int32_t *)PyMem_Malloc(((size_t)G + 1) * sizeof(int32_t));
    if (!self->r_gids) {
        PyErr_NoMemory();
        PyMem_Free(g_chunk);
        goto done;
    }
    {
        int64_t acc = 0;
        for (size_t r = 0; r < self->rchunks.n; r++) {
            self->rchunks.ents[r].a = acc;
            acc += self->rchunks.ents[r].b;
            self->rchunks.ents[r].c = 0; /* fill position */
        }
        self->g_ropt = (int32_t *)PyMem_Malloc(((size_t)G + 1) * sizeof(int32_t));
        if (!self->g_ropt) {
            PyErr_NoMemory();
            PyMem_Free(g_chunk);
            goto done;
        }
        for (Py_ssize_t g = 0; g < G; g++) {
            self->g_ropt[g] = -1;
            if (g_rc[g] < 0)
                continue;
            SEntry *ren = &self->rchunks.ents[g_rc[g]];
            self->g_ropt[g] = (int32_t)ren->c;
            self->r_gids[ren->a + ren->c++] = (int32_t)g;
        }
    }
    if (gmap_init(&self->rsteps, sizeof(RStep), 1 << 14) < 0 || gmap_init(&self->esteps, sizeof(EStep), 1024) < 0) {
        PyMem_Free(g_chunk);
        goto done;
    }
    /* seen table: per (history, chunk) of the stored n-grams the best graphone, lowest id on ties */
    size_t nseen = 0;
    for (size_t e = 0, at = 0; e < plens.n; at += plens.p[e], e++) {
        uint32_t last = pkeys.p[at + plens.p[e] - 1];
        if (plens.p[e] >= 2 && last >= 1 && last <= (uint32_t)G)
            nseen += (g_chunk[last - 1] >= 0) + (self->g_len[last - 1] == 0);
    }
    if (u64_init(&self->seen, nseen) < 0) {
        PyMem_Free(g_chunk);
        goto done;
    }
    size_t pos = 0;
    for (size_t e = 0; e < plens.n; e++) {
        uint32_t len = plens.p[e];
        const uint32_t *ids = pkeys.p + pos;
        pos += len;
        if (len < 2)
            continue;
        uint32_t last = ids[len - 1];
        if (last < 1 || last > (uint32_t)G)
            continue;
        int32_t gid = (int32_t)last - 1;
        double v = (double)((const float *)pv.buf)[e]; /* keys and values are in the same order */
        /* filed under its Latin chunk, and a Latin-only graphone also under the epsilon chunk */
        int32_t cids[2] = {g_chunk[gid], self->g_len[gid] == 0 ? self->eps_cid : -1};
        for (int w = 0; w < 2; w++) {
            int32_t cid = cids[w];
            if (cid < 0)
                continue;
            uint64_t k = (pack(ids, (int)len - 1) << 16) | (uint64_t)(cid + 1);
            size_t s = u64_slot(&self->seen, k);
            if (!self->seen.e[s].key || v > (double)self->seen.e[s].val ||
                (v == (double)self->seen.e[s].val && gid < self->seen.e[s].aux)) {
                self->seen.e[s].key = k;
                self->seen.e[s].val = (float)v; /* a float32 value read as double: exact */
                self->seen.e[s].aux = gid;
            }
        }
    }
    PyMem_Free(g_chunk);

    /* lexicon */
    if (load_lexicon(&self->lx, lexicon) < 0)
        goto done;
    /* foreign log-odds */
    if (load_foreign(self, foreign) < 0 || smap_settle(&self->foreign) < 0)
        goto done;
    /* letter fallback */
    for (int c = 0; c < 128; c++)
        self->fb_len[c] = -1;
    {
        Py_ssize_t it = 0;
        PyObject *k, *v;
        while (PyDict_Next(fb, &it, &k, &v)) {
            if (!PyUnicode_Check(k) || !PyUnicode_Check(v) || ensure_ready(k) < 0 || ensure_ready(v) < 0) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_TypeError, "fallback must map str to str");
                goto done;
            }
            if (PyUnicode_GET_LENGTH(k) != 1 || PyUnicode_READ_CHAR(k, 0) >= 128 || PyUnicode_GET_LENGTH(v) > 8)
                continue; /* never looked up for ASCII keys */
            int c = (int)PyUnicode_READ_CHAR(k, 0);
            Py_ssize_t L = PyUnicode_GET_LENGTH(v);
            for (Py_ssize_t i = 0; i < L; i++)
                self->fb[c][i] = (uint32_t)PyUnicode_READ_CHAR(v, i);
            self->fb_len[c] = (int)L;
        }
    }
    rc = 0;
done:
    if (rc == 0) { /* kept for the Arabic -> Latin tables, built on first use */
        self->ng_ids = pkeys;
        self->ng_lens = plens;
        memset(&pkeys, 0, sizeof(pkeys));
        memset(&plens, 0, sizeof(plens));
        self->ng_vals = (float *)PyMem_Malloc(pv.len ? (size_t)pv.len : 1);
        if (!self->ng_vals) {
            PyErr_NoMemory();
            rc = -1;
        }
        else
            memcpy(self->ng_vals, pv.buf, (size_t)pv.len);
    }
    u32_free(&pkeys);
    u32_free(&plens);
    PyBuffer_Release(&pv);
    PyBuffer_Release(&bv);
    if (rc < 0)
        self->G = 0;
    return rc;
chunk_fail:
    u32_free(&tmp);
    PyMem_Free(g_chunk);
    goto done;
}

static int
check_ready(const Decoder *self)
{
    if (!self->G) {
        PyErr_SetString(PyExc_RuntimeError, "Decoder is not initialised");
        return -1;
    }
    return 0;
}

static int
arg_u32(PyObject *s, U32Buf *b)
{
    if (!PyUnicode_Check(s)) {
        PyErr_Format(PyExc_TypeError, "expected str, not %.100s", Py_TYPE(s)->tp_name);
        return -1;
    }
    if (ensure_ready(s) < 0)
        return -1;
    return u32_from_str(b, s) == (size_t)-1 ? -1 : 0;
}

static PyObject *
Decoder_greedy(Decoder *self, PyObject *key)
{
    if (check_ready(self) < 0)
        return NULL;
    U32Buf kb = {0}, out = {0};
    if (arg_u32(key, &kb) < 0) {
        u32_free(&kb);
        return NULL;
    }
    double score = 0.0;
    int found = greedy(self, kb.p, kb.n, &out, &score);
    PyObject *res = NULL;
    if (found > 0) {
        PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.p ? out.p : (uint32_t *)"", (Py_ssize_t)out.n);
        if (s) {
            res = Py_BuildValue("(Nd)", s, score);
        }
    }
    else if (found == 0) {
        res = Py_None;
        Py_INCREF(res);
    }
    u32_free(&kb);
    u32_free(&out);
    return res;
}

static PyObject *
Decoder_word(Decoder *self, PyObject *key)
{
    if (check_ready(self) < 0)
        return NULL;
    U32Buf kb = {0}, out = {0};
    if (arg_u32(key, &kb) < 0) {
        u32_free(&kb);
        return NULL;
    }
    int r = word_out(self, kb.p, kb.n, &out);
    PyObject *res = NULL;
    if (r > 0)
        res = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.p ? out.p : (uint32_t *)"", (Py_ssize_t)out.n);
    else if (r == 0) {
        res = Py_None;
        Py_INCREF(res);
    }
    u32_free(&kb);
    u32_free(&out);
    return res;
}

static PyObject *
Decoder_greedy_arabic(Decoder *self, PyObject *units)
{
    if (check_ready(self) < 0)
        return NULL;
    if (!PyList_Check(units)) {
        PyErr_Format(PyExc_TypeError, "units must be a list of str, not %.100s", Py_TYPE(units)->tp_name);
        return NULL;
    }
    U32Buf out = {0};
    double score = 0.0;
    Py_INCREF(units);
    int found = greedy_arabic(self, units, &out, &score);
    Py_DECREF(units);
    PyObject *res = NULL;
    if (found > 0) {
        PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.p ? out.p : (uint32_t *)"", (Py_ssize_t)out.n);
        if (s)
            res = Py_BuildValue("(Nd)", s, score);
    }
    else if (found == 0) {
        res = Py_None;
        Py_INCREF(res);
    }
    u32_free(&out);
    return res;
}

static PyObject *
Decoder_lex_total(Decoder *self, PyObject *key)
{
    if (check_ready(self) < 0)
        return NULL;
    U32Buf kb = {0};
    if (arg_u32(key, &kb) < 0) {
        u32_free(&kb);
        return NULL;
    }
    int64_t e = smap_get(&self->lx.map, kb.p, kb.n, hash_u32(kb.p, kb.n));
    u32_free(&kb);
    if (e < 0)
        Py_RETURN_NONE;
    return PyLong_FromLongLong((long long)self->lx.map.ents[e].c);
}

static PyObject *
Decoder_foreign_odds(Decoder *self, PyObject *word)
{
    if (check_ready(self) < 0)
        return NULL;
    U32Buf kb = {0};
    if (arg_u32(word, &kb) < 0) {
        u32_free(&kb);
        return NULL;
    }
    int64_t e = smap_get(&self->foreign, kb.p, kb.n, hash_u32(kb.p, kb.n));
    u32_free(&kb);
    if (e < 0)
        Py_RETURN_NONE;
    return PyFloat_FromDouble(self->foreign.ents[e].d);
}

static PyMethodDef Decoder_methods[] = {
    {"foreign_odds", (PyCFunction)Decoder_foreign_odds, METH_O,
     "foreign_odds(word) -> float or None: European-vs-Darija log-odds of a lower-cased word (None = unknown)."},
    {"greedy_arabic", (PyCFunction)Decoder_greedy_arabic, METH_O,
     "greedy_arabic(units) -> (latin, log joint probability) or None: the greedy best path from Arabic units "
     "(letters with their shadda) to Latin (VarietyModel._greedy_arabic_py)."},
    {"lex_total", (PyCFunction)Decoder_lex_total, METH_O,
     "lex_total(key) -> int or None: the summed counts of the key's lexicon entries (None = not in the lexicon)."},
    {"greedy", (PyCFunction)Decoder_greedy, METH_O,
     "greedy(key) -> (arabic, log joint probability) or None: the greedy best path (VarietyModel._greedy_latin_py)."},
    {"word", (PyCFunction)Decoder_word, METH_O,
     "word(key) -> str or None: the literal Arabic spelling of a Latin lookup key (_ToArabic.word); None when "
     "the Python reference must decide (letter fallback of a non-ASCII key)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject DecoderType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "awal.translit.darija._fast.Decoder",
    .tp_basicsize = sizeof(Decoder),
    .tp_dealloc = (destructor)Decoder_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Compiled greedy Latin -> Arabic decoder over one variety's joint graphone n-gram and lexicon.",
    .tp_methods = Decoder_methods,
    .tp_init = (initproc)Decoder_init,
    .tp_new = PyType_GenericNew,
};

/* ------------------------------------------------------------------------------------ */
/* Converter: one whole printable-ASCII sentence                                          */
typedef struct {
    PyObject_HEAD
    Decoder *dec;
    PyObject *std;      /* callable(out, key) -> str, or NULL */
    PyObject *fallback; /* callable(text) -> str for the sentences this path does not take, or NULL */
    int keep_foreign;
    double trigger;
    /* a sentence with a word above trigger is taken here only when it has fewer than min_triggers
       such words and none above lone_strong (the Python path would keep no word in Latin) */
    int min_triggers;
    double lone_strong;
    int strong_to_lid; /* a sentence with a word above lone_strong also needs awal.lid spans: Python path */
    double weak;       /* a word above this joins a kept neighbour (_WEAK) */
    double strong;     /* without lid spans, a sentence with min_triggers or more keeps the words above this */
    /* the lid screen (_lid_needed): lexicon keys lid reads as European; has_screen = 0: every sentence
       that needs lid spans goes to the Python path */
    int has_screen;
    StrMap screen;
    /* raw_odds: a word with one of these Latin-1 letters (_ACCENTED) has odds of at least accent_odds */
    unsigned char accented[256];
    double accent_odds;
    int latin1; /* take text with Latin-1 letters (the accented letters were given) */
    vectorcallfunc vectorcall; /* set by __init__: calls without an argument tuple */
    int punct_len[128];
    uint32_t punct[128][4];
    /* per Latin run: c = 1 output known (a, b = offset, length in outs), d = switch score */
    StrMap cache;
    U32Buf outs;
} Converter;

static PyObject *Converter_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames);

static int
Converter_traverse(Converter *self, visitproc visit, void *arg)
{
    Py_VISIT(self->dec);
    Py_VISIT(self->std);
    Py_VISIT(self->fallback);
    return 0;
}

static int
Converter_clear(Converter *self)
{
    Py_CLEAR(self->dec);
    Py_CLEAR(self->std);
    Py_CLEAR(self->fallback);
    return 0;
}

static void
Converter_dealloc(Converter *self)
{
    PyObject_GC_UnTrack(self);
    Converter_clear(self);
    smap_free(&self->cache);
    if (self->has_screen)
        smap_free(&self->screen);
    u32_free(&self->outs);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* the screen's keys from an iterable of str (ASCII keys only: the compiled path reads ASCII text) */
static int
load_screen(StrMap *m, PyObject *words)
{
    PyObject *it = PyObject_GetIter(words);
    if (!it)
        return -1;
    if (smap_init(m, 1024) < 0) {
        Py_DECREF(it);
        return -1;
    }
    PyObject *w;
    U32Buf b = {0};
    while ((w = PyIter_Next(it))) {
        if (!PyUnicode_Check(w) || ensure_ready(w) < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "lid_european must hold str");
            Py_DECREF(w);
            break;
        }
        if (PyUnicode_IS_ASCII(w)) {
            b.n = 0;
            if (u32_from_str(&b, w) == (size_t)-1) {
                Py_DECREF(w);
                break;
            }
            uint64_t h = hash_u32(b.p, b.n);
            if (smap_get(m, b.p, b.n, h) < 0 && !smap_add(m, b.p, b.n, h)) {
                Py_DECREF(w);
                break;
            }
        }
        Py_DECREF(w);
    }
    Py_DECREF(it);
    u32_free(&b);
    if (PyErr_Occurred()) {
        smap_free(m);
        return -1;
    }
    return 0;
}

static int
Converter_init(Converter *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"decoder", "punct",         "keep_foreign", "trigger",      "std",
                             "fallback", "min_triggers", "lone_strong",  "weak",         "strong_to_lid",
                             "strong",  "lid_european", "accented",     "accent_odds",  NULL};
    PyObject *dec, *punct, *std = Py_None, *fallback = Py_None, *screen = Py_None, *accented = Py_None;
    int keep, min_triggers = 1, strong_to_lid = 0;
    double trigger, lone_strong = INFINITY, weak = INFINITY, strong = INFINITY, accent_odds = -INFINITY;
    if (self->dec) {
        PyErr_SetString(PyExc_RuntimeError, "Converter is already initialised");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!O!pd|OOiddpdOOd", kwlist, &DecoderType, &dec, &PyDict_Type,
                                     &punct, &keep, &trigger, &std, &fallback, &min_triggers, &lone_strong, &weak,
                                     &strong_to_lid, &strong, &screen, &accented, &accent_odds))
        return -1;
    /* without the accented letters (an older caller), text with non-ASCII letters is not taken here */
    memset(self->accented, 0, sizeof(self->accented));
    self->latin1 = 0;
    if (accented != Py_None) {
        if (!PyUnicode_Check(accented) || ensure_ready(accented) < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "accented must be str or None");
            return -1;
        }
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(accented); i++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(accented, i);
            if (c < 256)
                self->accented[c] = 1;
        }
        self->latin1 = 1;
    }
    self->accent_odds = accent_odds;
    if (min_triggers < 1) {
        PyErr_SetString(PyExc_ValueError, "min_triggers must be at least 1");
        return -1;
    }
    if (fallback != Py_None && !PyCallable_Check(fallback)) {
        PyErr_SetString(PyExc_TypeError, "fallback must be callable or None");
        return -1;
    }
    if (check_ready((Decoder *)dec) < 0)
        return -1;
    if (std != Py_None && !PyCallable_Check(std)) {
        PyErr_SetString(PyExc_TypeError, "std must be callable or None");
        return -1;
    }
    for (int c = 0; c < 128; c++) {
        self->punct_len[c] = 1;
        self->punct[c][0] = (uint32_t)c;
    }
    Py_ssize_t it = 0;
    PyObject *k, *v;
    while (PyDict_Next(punct, &it, &k, &v)) {
        if (!PyUnicode_Check(k) || !PyUnicode_Check(v) || ensure_ready(k) < 0 || ensure_ready(v) < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "punct must map str to str");
            return -1;
        }
        if (PyUnicode_GET_LENGTH(k) != 1 || PyUnicode_READ_CHAR(k, 0) >= 128)
            continue;
        if (PyUnicode_GET_LENGTH(v) > 4) {
            PyErr_SetString(PyExc_ValueError, "punctuation replacements longer than 4 characters are not supported");
            return -1;
        }
        int c = (int)PyUnicode_READ_CHAR(k, 0);
        self->punct_len[c] = (int)PyUnicode_GET_LENGTH(v);
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(v); i++)
            self->punct[c][i] = (uint32_t)PyUnicode_READ_CHAR(v, i);
    }
    if (screen != Py_None) {
        if (load_screen(&self->screen, screen) < 0)
            return -1;
        self->has_screen = 1;
    }
    /* sized for a first pass over some thousands of words without growing */
    if (smap_init(&self->cache, 4096) < 0)
        return -1;
    Py_INCREF(dec);
    self->dec = (Decoder *)dec;
    if (std != Py_None) {
        Py_INCREF(std);
        self->std = std;
    }
    if (fallback != Py_None) {
        Py_INCREF(fallback);
        self->fallback = fallback;
    }
    self->keep_foreign = keep;
    self->trigger = trigger;
    self->min_triggers = min_triggers;
    self->lone_strong = lone_strong;
    self->strong_to_lid = strong_to_lid;
    self->weak = weak;
    self->strong = strong;
    self->vectorcall = Converter_vectorcall;
    return 0;
}

static inline int
is_alnum_ascii(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline int
is_word_ascii(uint32_t c)
{
    return is_alnum_ascii(c) || c == '_';
}

static inline int
is_alpha_ascii(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline uint32_t
lower_ascii(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* The compiled path reads printable ASCII and the Latin-1 letters U+00C0-U+00FF except the signs
   U+00D7 and U+00F7 (so its text is one byte per character); any other character sends the sentence
   to the Python path. Those letters belong to _PIECE's Latin run and are word characters (\w). */
static inline int
is_latin1_letter(uint32_t c)
{
    return c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7;
}

/* a character of a Latin run ([0-9A-Za-z\u00c0-\u024f] within the text this path reads) */
static inline int
is_run_char(uint32_t c)
{
    return is_alnum_ascii(c) || is_latin1_letter(c);
}

/* \w within the text this path reads */
static inline int
is_word_char(uint32_t c)
{
    return is_word_ascii(c) || is_latin1_letter(c);
}

/* str.lower() of a character this path reads */
static inline uint32_t
lower_l1(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    return c;
}

static inline int
is_upper_l1(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

static inline int
is_lower_l1(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

/* _text._ACCENTS: the accent folding of latin_key (after lower-casing) */
static inline uint32_t
fold_accent(uint32_t c)
{
    switch (c) {
    case 0xE9: case 0xE8: case 0xEA: case 0xEB: /* é è ê ë */
        return 'e';
    case 0xE0: case 0xE2: case 0xE4: case 0xE1: /* à â ä á */
        return 'a';
    case 0xEE: case 0xEF: case 0xED: /* î ï í */
        return 'i';
    case 0xF4: case 0xF6: case 0xF3: /* ô ö ó */
        return 'o';
    case 0xFB: case 0xF9: case 0xFC: case 0xFA: /* û ù ü ú */
        return 'u';
    case 0xE7: /* ç (as in _ACCENTS: pronounced s) */
        return 's';
    case 0xF1: /* ñ */
        return 'n';
    default:
        return c;
    }
}

/* _KEEP_TOKEN for a token of this path's text without spaces (so \S = any char, \s never; [a-z] with
   re.I matches no Latin-1 letter) */
static int
keep_token(const unsigned char *t, size_t n)
{
    if (n == 0)
        return 0;
    /* [a-z][a-z0-9+.-]*://\S+ (re.I) */
    if (is_alpha_ascii(t[0])) {
        size_t i = 1;
        while (i < n && (is_alnum_ascii(t[i]) || t[i] == '+' || t[i] == '.' || t[i] == '-'))
            i++;
        if (i + 3 < n && t[i] == ':' && t[i + 1] == '/' && t[i + 2] == '/')
            return 1;
    }
    /* www\.\S+ (re.I) */
    if (n >= 5 && lower_ascii(t[0]) == 'w' && lower_ascii(t[1]) == 'w' && lower_ascii(t[2]) == 'w' && t[3] == '.')
        return 1;
    /* [@#]\w\S* */
    if ((t[0] == '@' || t[0] == '#') && n >= 2 && is_word_char(t[1]))
        return 1;
    /* [^\s@]+@[^\s@]+\.\w+ : one '@' not first; after it, the last non-word character is a '.' that is
       neither the first nor the last character */
    size_t at = n, ats = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i] == '@') {
            ats++;
            at = i;
        }
    if (ats == 1 && at >= 1) {
        const unsigned char *r = t + at + 1;
        size_t rn = n - at - 1;
        size_t p = rn;
        while (p > 0 && is_word_char(r[p - 1]))
            p--;
        /* r[p..] is the trailing word run; the dot is r[p - 1] */
        if (p >= 2 && p < rn && r[p - 1] == '.')
            return 1;
    }
    return 0;
}

/* _NUMBERISH: digits only, or >= 2 digits then 1-3 ASCII letters (run is alphanumeric) */
static int
numberish(const unsigned char *s, size_t n)
{
    size_t d = 0;
    while (d < n && s[d] >= '0' && s[d] <= '9')
        d++;
    if (d == n)
        return 1;
    if (d < 2 || n - d > 3)
        return 0;
    for (size_t i = d; i < n; i++)
        if (!is_alpha_ascii(s[i]))
            return 0;
    return 1;
}

/* latin_key of a Latin run of this path's text (ASCII letters and digits, Latin-1 letters) */
static void
latin_key_ascii(const unsigned char *s, size_t n, uint32_t *out)
{
    int upper = 0, lower = 0, emph = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (is_upper_l1(c)) {
            upper = 1;
            if (i >= 1 && (c == 'T' || c == 'S' || c == 'D' || c == 'H' || c == 'Z'))
                emph = 1;
        }
        else if (is_lower_l1(c))
            lower = 1;
    }
    int keep_caps = upper && lower && emph;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = s[i];
        if (keep_caps && i >= 1 && (c == 'T' || c == 'S' || c == 'D' || c == 'H' || c == 'Z'))
            out[i] = c;
        else
            out[i] = fold_accent(lower_l1(c));
    }
}

/* _ToArabic.raw_odds: European-vs-Darija log-odds of the lower-cased run, at least accent_odds when it
   holds an accented letter (tmp: n characters of scratch) */
static double
raw_odds(const Converter *self, const unsigned char *s, size_t n, uint32_t *tmp)
{
    int acc = 0;
    for (size_t i = 0; i < n; i++) {
        tmp[i] = lower_l1(s[i]);
        acc |= self->accented[s[i]];
    }
    int64_t e = smap_get(&self->dec->foreign, tmp, n, hash_u32(tmp, n));
    double odds = e >= 0 ? self->dec->foreign.ents[e].d : -INFINITY;
    if (acc && !(odds >= self->accent_odds)) /* max(odds, accent_odds) */
        odds = self->accent_odds;
    return odds;
}

/* switch score S(run) of _ToArabic.switch_score */
static double
switch_score(const Converter *self, const unsigned char *s, size_t n, uint32_t *tmp)
{
    const Decoder *d = self->dec;
    double odds = raw_odds(self, s, n, tmp);
    if (odds == -INFINITY)
        return -INFINITY;
    latin_key_ascii(s, n, tmp);
    int64_t l = smap_get(&d->lx.map, tmp, n, hash_u32(tmp, n));
    if (l < 0)
        return odds;
    return odds - d->lx.map.ents[l].d;
}

/* 1 = converted into out, 0 = the Python path must do it, -1 = error; *score = the run's switch score
   (its output is appended whatever the score: the sentence decides whether it is used) */
static int
convert_word(Converter *self, const unsigned char *s, size_t n, U32Buf *out, double *score_out)
{
    uint32_t small[64];
    uint32_t *run = small;
    int r = -1;
    if (n > 64) {
        run = (uint32_t *)PyMem_Malloc(n * sizeof(uint32_t));
        if (!run) {
            PyErr_NoMemory();
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++)
        run[i] = s[i];
    uint64_t h = hash_u32(run, n);
    int64_t e = smap_get(&self->cache, run, n, h);
    if (e >= 0) {
        const SEntry *en = &self->cache.ents[e];
        *score_out = en->d;
        if (!en->c)
            r = 0;
        else
            r = u32_append(out, self->outs.p + en->a, (size_t)en->b) < 0 ? -1 : 1;
        goto end;
    }
    if (self->cache.n > CACHE_LIMIT) {
        smap_clear(&self->cache);
        self->outs.n = 0;
    }
    uint32_t kbuf[64];
    uint32_t *key = n > 64 ? (uint32_t *)PyMem_Malloc(n * sizeof(uint32_t)) : kbuf;
    if (!key) {
        PyErr_NoMemory();
        goto end;
    }
    /* the word's lexicon slot is fetched while its European-table look-up runs (a new word reads
       both tables; one after the other they cost two memory latencies) */
    latin_key_ascii(s, n, key);
    PREFETCH(&self->dec->lx.map.slots[(size_t)hash_u32(key, n) & self->dec->lx.map.mask]);
    double score = self->keep_foreign ? switch_score(self, s, n, run) : -INFINITY;
    *score_out = score;
    for (size_t i = 0; i < n; i++)
        run[i] = s[i];
    U32Buf w = {0};
    int found = word_out(self->dec, key, n, &w);
    if (found > 0 && self->std) {
        PyObject *o = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, w.p ? w.p : (uint32_t *)"", (Py_ssize_t)w.n);
        PyObject *k = o ? PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, key, (Py_ssize_t)n) : NULL;
        PyObject *res = k ? PyObject_CallFunctionObjArgs(self->std, o, k, NULL) : NULL;
        Py_XDECREF(o);
        Py_XDECREF(k);
        w.n = 0;
        if (!res)
            found = -1;
        else if (!PyUnicode_Check(res) || ensure_ready(res) < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "std must return str");
            found = -1;
        }
        else if (u32_from_str(&w, res) == (size_t)-1)
            found = -1;
        Py_XDECREF(res);
        /* the call may have run other threads on this converter: if one cached the run meanwhile,
           do not add it twice */
        if (found > 0 && smap_get(&self->cache, run, n, h) >= 0) {
            r = u32_append(out, w.p, w.n) < 0 ? -1 : 1;
            u32_free(&w);
            if (key != kbuf)
                PyMem_Free(key);
            goto end;
        }
    }
    if (key != kbuf)
        PyMem_Free(key);
    if (found <= 0) {
        u32_free(&w);
        r = found;
        goto end;
    }
    if (w.n > OUTS_LIMIT || n > OUTS_LIMIT) { /* too long to cache */
        r = u32_append(out, w.p, w.n) < 0 ? -1 : 1;
        u32_free(&w);
        goto end;
    }
    if (self->outs.n + w.n > OUTS_LIMIT) {
        smap_clear(&self->cache);
        self->outs.n = 0;
    }
    size_t off = self->outs.n;
    if (u32_append(&self->outs, w.p, w.n) < 0) {
        u32_free(&w);
        goto end;
    }
    SEntry *en = smap_add(&self->cache, run, n, h);
    if (!en) {
        u32_free(&w);
        goto end;
    }
    en->c = 1;
    en->a = (int32_t)off;
    en->b = (int32_t)w.n;
    en->d = score;
    r = u32_append(out, w.p, w.n) < 0 ? -1 : 1;
    u32_free(&w);
end:
    if (run != small)
        PyMem_Free(run);
    return r;
}

/* one Latin word of a sentence: where its transliteration is in the output, its text, its scores */
typedef struct {
    size_t out0, out1;
    const unsigned char *src;
    size_t n;
    double s, raw;
    int elision; /* an elided letter (d, l, qu...) before an apostrophe */
    int judge;   /* _ToArabic.judge: JUDGE_KNOWN, JUDGE_LID_EUROPEAN, JUDGE_UNKNOWN */
} WRec;

#define JUDGE_KNOWN 0
#define JUDGE_LID_EUROPEAN 1
#define JUDGE_UNKNOWN 2

typedef struct {
    WRec *w;
    size_t n, cap;
} WList;

static int
wlist_add(Converter *self, WList *wl, const unsigned char *src, size_t n, size_t out0, size_t out1, double s,
          int apostrophe)
{
    if (wl->n == wl->cap) {
        size_t cap = wl->cap ? 2 * wl->cap : 16;
        WRec *w = (WRec *)PyMem_Realloc(wl->w, cap * sizeof(WRec));
        if (!w) {
            PyErr_NoMemory();
            return -1;
        }
        wl->w = w;
        wl->cap = cap;
    }
    WRec *rec = &wl->w[wl->n++];
    rec->out0 = out0;
    rec->out1 = out1;
    rec->src = src;
    rec->n = n;
    rec->s = s;
    /* raw_odds: the European-vs-Darija log-odds of the lower-cased word, accents counting as European */
    uint32_t small[8];
    uint32_t *low = n <= 8 ? small : (uint32_t *)PyMem_Malloc(n * sizeof(uint32_t));
    if (!low) {
        PyErr_NoMemory();
        return -1;
    }
    rec->raw = raw_odds(self, src, n, low); /* leaves the lower-cased word in low */
    static const char *elisions[] = {"d", "l", "j", "n", "s", "c", "m", "t", "qu"};
    rec->elision = 0;
    for (size_t k = 0; apostrophe && k < sizeof(elisions) / sizeof(elisions[0]); k++) {
        size_t len = strlen(elisions[k]);
        if (len != n)
            continue;
        size_t i = 0;
        while (i < n && low[i] == (uint32_t)(unsigned char)elisions[k][i])
            i++;
        if (i == n)
            rec->elision = 1;
    }
    /* judge: only words without European-table evidence, and only with a screen */
    rec->judge = JUDGE_KNOWN;
    if (self->has_screen && rec->raw == -INFINITY) {
        latin_key_ascii(src, n, low);
        uint64_t h = hash_u32(low, n);
        if (smap_get(&self->screen, low, n, h) >= 0)
            rec->judge = JUDGE_LID_EUROPEAN;
        else if (smap_get(&self->dec->lx.map, low, n, h) < 0) {
            int digit = 0;
            for (size_t i = 0; i < n; i++)
                digit |= src[i] >= '0' && src[i] <= '9';
            if (!digit)
                rec->judge = JUDGE_UNKNOWN;
        }
    }
    if (low != small)
        PyMem_Free(low);
    return 0;
}

/* a word that looks European on its own (_evidence) */
static inline int
evidence(const Converter *self, const WRec *w)
{
    return w->raw > 0 || w->s > self->lone_strong;
}

/* _lid_needed: a lexicon word lid reads as European, or a word in no table next to a European-looking one */
static int
lid_needed(const Converter *self, const WList *wl)
{
    for (size_t w = 0; w < wl->n; w++) {
        int j = wl->w[w].judge;
        if (j == JUDGE_LID_EUROPEAN)
            return 1;
        if (j == JUDGE_UNKNOWN &&
            ((w > 0 && evidence(self, &wl->w[w - 1])) || (w + 1 < wl->n && evidence(self, &wl->w[w + 1]))))
            return 1;
    }
    return 0;
}

/* _european_pieces without awal.lid spans: words above lone_strong stay Latin, then neighbours join
   (a word above weak next to a kept one; one with European odds or an elision before a kept one),
   sweeping in order until nothing changes; out is rewritten with the kept words in their own
   letters. 1 = done, -1 = error */
static int
keep_latin(Converter *self, U32Buf *out, const WList *wl, double threshold)
{
    size_t W = wl->n;
    unsigned char *keep = (unsigned char *)PyMem_Calloc(W ? W : 1, 1);
    if (!keep) {
        PyErr_NoMemory();
        return -1;
    }
    int changed = 0;
    for (size_t w = 0; w < W; w++)
        if (wl->w[w].s > threshold)
            keep[w] = 1, changed = 1;
    while (changed) {
        changed = 0;
        for (size_t w = 0; w < W; w++) {
            if (keep[w])
                continue;
            int prv = w > 0 && keep[w - 1];
            int nxt = w + 1 < W && keep[w + 1];
            const WRec *rec = &wl->w[w];
            if ((rec->s > self->weak && (prv || nxt)) || ((rec->raw > 0 || rec->elision) && nxt)) {
                keep[w] = 1;
                changed = 1;
            }
        }
    }
    U32Buf res = {0};
    int r = u32_reserve(&res, out->n + 16) < 0 ? -1 : 1;
    size_t pos = 0;
    for (size_t w = 0; w < W && r > 0; w++) {
        const WRec *rec = &wl->w[w];
        if (u32_append(&res, out->p + pos, rec->out0 - pos) < 0) {
            r = -1;
            break;
        }
        if (keep[w]) {
            for (size_t i = 0; i < rec->n && r > 0; i++)
                if (u32_push(&res, rec->src[i]) < 0)
                    r = -1;
        }
        else if (u32_append(&res, out->p + rec->out0, rec->out1 - rec->out0) < 0)
            r = -1;
        pos = rec->out1;
    }
    if (r > 0 && u32_append(&res, out->p + pos, out->n - pos) < 0)
        r = -1;
    PyMem_Free(keep);
    if (r > 0) {
        u32_free(out);
        *out = res;
    }
    else
        u32_free(&res);
    return r;
}

/* the words, numbers, punctuation and tokens of a printable-ASCII sentence into out (wl: record
   the words). 1 = converted, 0 = the Python path must do it, -1 = error */
static int
convert_run(Converter *self, const unsigned char *t, size_t n, U32Buf *out, int *triggers, double *top, WList *wl)
{
    int r = u32_reserve(out, n + 16) < 0 ? -1 : 1;
    size_t start = 0;
    while (r > 0) {
        size_t end = start;
        while (end < n && t[end] != ' ')
            end++;
        const unsigned char *tok = t + start;
        size_t tn = end - start;
        if (keep_token(tok, tn)) {
            for (size_t i = 0; i < tn && r > 0; i++)
                if (u32_push(out, tok[i]) < 0)
                    r = -1;
        }
        else {
            size_t i = 0;
            while (i < tn && r > 0) {
                if (is_run_char(tok[i])) {
                    size_t j = i;
                    while (j < tn && is_run_char(tok[j]))
                        j++;
                    if (numberish(tok + i, j - i)) {
                        for (size_t k = i; k < j && r > 0; k++)
                            if (u32_push(out, tok[k]) < 0)
                                r = -1;
                    }
                    else {
                        double sc = -INFINITY;
                        size_t at = out->n;
                        r = convert_word(self, tok + i, j - i, out, &sc);
                        if (sc > self->trigger) {
                            (*triggers)++;
                            if (sc > *top)
                                *top = sc;
                        }
                        if (r > 0 && wl && wlist_add(self, wl, tok + i, j - i, at, out->n, sc, j < tn && tok[j] == '\'') < 0)
                            r = -1;
                    }
                    i = j;
                }
                else {
                    unsigned char c = tok[i];
                    if ((self->punct_len[c] == 1 ? u32_push(out, self->punct[c][0])
                                                 : u32_append(out, self->punct[c], (size_t)self->punct_len[c])) < 0)
                        r = -1;
                    i++;
                }
            }
        }
        if (end >= n)
            break;
        if (r > 0 && u32_push(out, ' ') < 0)
            r = -1;
        start = end + 1;
    }
    return r;
}

/* the sentence converted (new reference), None when this path does not take it, NULL on error */
static PyObject *
convert_text(Converter *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "expected str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    if (!self->dec) {
        PyErr_SetString(PyExc_RuntimeError, "Converter is not initialised");
        return NULL;
    }
    if (ensure_ready(text) < 0)
        return NULL;
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND || (!self->latin1 && !PyUnicode_IS_ASCII(text)))
        Py_RETURN_NONE;
    const unsigned char *t = PyUnicode_1BYTE_DATA(text);
    size_t n = (size_t)PyUnicode_GET_LENGTH(text);
    /* printable ASCII and Latin-1 letters only (is_latin1_letter) */
    for (size_t i = 0; i < n; i++)
        if (t[i] < 0x20 || (t[i] >= 0x7f && !is_latin1_letter(t[i])))
            Py_RETURN_NONE;
    /* keep the text alive while a std callback may run */
    Py_INCREF(text);
    Py_INCREF(self);
    U32Buf out = {0};
    int triggers = 0;
    double top = -INFINITY;
    int r = convert_run(self, t, n, &out, &triggers, &top, NULL);
    if (r > 0 && triggers) {
        int many = triggers >= self->min_triggers;
        int ask = many || (self->strong_to_lid && !(top <= self->lone_strong));
        if (ask && !self->has_screen)
            r = 0; /* awal.lid decides which words stay Latin: the Python path */
        else if (ask || !(top <= self->lone_strong)) {
            /* again, recording the words (all cached now); then either lid is needed (the Python
               path) or the lexical rule of _european_pieces decides */
            WList wl = {0};
            out.n = 0;
            triggers = 0;
            r = convert_run(self, t, n, &out, &triggers, &top, &wl);
            if (r > 0 && ask && lid_needed(self, &wl))
                r = 0;
            else if (r > 0)
                r = keep_latin(self, &out, &wl, many && ask ? self->strong : self->lone_strong);
            PyMem_Free(wl.w);
        }
    }
    PyObject *res = NULL;
    if (r > 0)
        res = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.p ? out.p : (uint32_t *)"", (Py_ssize_t)out.n);
    else if (r == 0) {
        res = Py_None;
        Py_INCREF(res);
    }
    u32_free(&out);
    Py_DECREF(self);
    Py_DECREF(text);
    return res;
}

/* the one positional argument of a converter call, or NULL with a TypeError */
static PyObject *
single_text_arg(const char *type_name, PyObject *args, PyObject *kwds)
{
    if ((kwds && PyDict_GET_SIZE(kwds)) || PyTuple_GET_SIZE(args) != 1) {
        PyErr_Format(PyExc_TypeError, "%s takes exactly one argument (text)", type_name);
        return NULL;
    }
    return PyTuple_GET_ITEM(args, 0);
}

/* res from a compiled path; None (the sentence needs the Python path) goes to fallback when there is one */
static PyObject *
or_fallback(PyObject *res, PyObject *fallback, PyObject *text)
{
    if (res == Py_None && fallback) {
        Py_DECREF(res);
        Py_INCREF(fallback); /* the call may drop the converter's reference */
        res = PyObject_CallOneArg(fallback, text);
        Py_DECREF(fallback);
    }
    return res;
}

/* the one positional argument of a vectorcall, or NULL with a TypeError */
static PyObject *
single_text_vec(const char *type_name, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    if (PyVectorcall_NARGS(nargsf) != 1 || (kwnames && PyTuple_GET_SIZE(kwnames))) {
        PyErr_Format(PyExc_TypeError, "%s takes exactly one argument (text)", type_name);
        return NULL;
    }
    return args[0];
}

static PyObject *
Converter_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    PyObject *text = single_text_vec("Converter", args, nargsf, kwnames);
    if (!text)
        return NULL;
    Converter *self = (Converter *)callable;
    PyObject *res = convert_text(self, text); /* before reading fallback: the compiled path runs first */
    return or_fallback(res, self->fallback, text);
}

static PyObject *
Converter_call(Converter *self, PyObject *args, PyObject *kwds)
{
    PyObject *text = single_text_arg("Converter", args, kwds);
    if (!text)
        return NULL;
    PyObject *res = convert_text(self, text); /* before reading fallback: the compiled path runs first */
    return or_fallback(res, self->fallback, text);
}

static PyObject *
Converter_fast(Converter *self, PyObject *text)
{
    return convert_text(self, text);
}

static PyMethodDef Converter_methods[] = {
    {"fast", (PyCFunction)Converter_fast, METH_O,
     "fast(text) -> str or None: the compiled path only (None = the sentence needs the Python path)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ConverterType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "awal.translit.darija._fast.Converter",
    .tp_basicsize = sizeof(Converter),
    .tp_dealloc = (destructor)Converter_dealloc,
    .tp_vectorcall_offset = offsetof(Converter, vectorcall),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "Compiled whole-sentence Latin -> Arabic conversion (printable ASCII and Latin-1 letters; "
              "sentences that need awal.lid spans are not taken); "
              "calling it returns the Arabic text, handing the other sentences to `fallback` (None without one).",
    .tp_traverse = (traverseproc)Converter_traverse,
    .tp_clear = (inquiry)Converter_clear,
    .tp_methods = Converter_methods,
    .tp_call = (ternaryfunc)Converter_call,
    .tp_init = (initproc)Converter_init,
    .tp_new = PyType_GenericNew,
};

/* ------------------------------------------------------------------------------------ */
/* LatinConverter: one whole sentence Arabic -> Arabizi (_ToLatin, scheme "arabizi")      */
#define SHADDA_CH 0x0651

typedef struct {
    PyObject_HEAD
    Decoder *dec;
    PyObject *fallback;
    Lex rlex;
    double prior;
    /* U+0600-U+06FF -> Latin letter fallback (_LATIN_FALLBACK; -1 = not in the table: dropped) */
    int fb_len[256];
    uint32_t fb[256][4];
    /* punctuation (_LAT_PUNCT) for ASCII and U+0600-U+06FF, by table index (c < 128: c; else 128 + c - 0x600) */
    int punct_len[384];
    uint32_t punct[384][4];
    StrMap cache; /* Arabic run -> output (a, b = offset, length in outs) */
    U32Buf outs;
    vectorcallfunc vectorcall; /* set by __init__: calls without an argument tuple */
} LatinConverter;

static PyObject *LatinConverter_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf,
                                           PyObject *kwnames);

static int
LatinConverter_traverse(LatinConverter *self, visitproc visit, void *arg)
{
    Py_VISIT(self->dec);
    Py_VISIT(self->fallback);
    return 0;
}

static int
LatinConverter_clear(LatinConverter *self)
{
    Py_CLEAR(self->dec);
    Py_CLEAR(self->fallback);
    return 0;
}

static void
LatinConverter_dealloc(LatinConverter *self)
{
    PyObject_GC_UnTrack(self);
    LatinConverter_clear(self);
    lex_free(&self->rlex);
    smap_free(&self->cache);
    u32_free(&self->outs);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* table index of a character of the supported set, -1 if outside ASCII and U+0600-U+06FF */
static inline int
tab_index(uint32_t c)
{
    if (c < 128)
        return (int)c;
    if (c >= 0x600 && c <= 0x6FF)
        return 128 + (int)(c - 0x600);
    return -1;
}

static int
LatinConverter_init(LatinConverter *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"decoder", "rlexicon", "letters", "punct", "prior", "fallback", NULL};
    PyObject *dec, *rlex, *letters, *punct, *fallback = Py_None;
    double prior;
    if (self->dec) {
        PyErr_SetString(PyExc_RuntimeError, "LatinConverter is already initialised");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!UO!O!d|O", kwlist, &DecoderType, &dec, &rlex, &PyDict_Type,
                                     &letters, &PyDict_Type, &punct, &prior, &fallback))
        return -1;
    if (check_ready((Decoder *)dec) < 0 || ensure_ready(rlex) < 0)
        return -1;
    if (fallback != Py_None && !PyCallable_Check(fallback)) {
        PyErr_SetString(PyExc_TypeError, "fallback must be callable or None");
        return -1;
    }
    /* the decoder's Arabic -> Latin tables: built here rather than inside the first sentence */
    if (!((Decoder *)dec)->rs_built && build_rseen((Decoder *)dec) < 0)
        return -1;
    for (int i = 0; i < 256; i++)
        self->fb_len[i] = -1;
    for (int i = 0; i < 384; i++) {
        self->punct_len[i] = 1;
        self->punct[i][0] = i < 128 ? (uint32_t)i : (uint32_t)(0x600 + i - 128);
    }
    PyObject *dicts[2] = {letters, punct};
    for (int w = 0; w < 2; w++) {
        Py_ssize_t it = 0;
        PyObject *k, *v;
        while (PyDict_Next(dicts[w], &it, &k, &v)) {
            if (!PyUnicode_Check(k) || !PyUnicode_Check(v) || ensure_ready(k) < 0 || ensure_ready(v) < 0) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_TypeError, "tables must map str to str");
                return -1;
            }
            Py_ssize_t L = PyUnicode_GET_LENGTH(v);
            if (PyUnicode_GET_LENGTH(k) != 1 || L > 4) {
                PyErr_SetString(PyExc_ValueError, "table keys must be one character, values at most four");
                return -1;
            }
            uint32_t c = (uint32_t)PyUnicode_READ_CHAR(k, 0);
            int t = tab_index(c);
            if (w == 0) {
                if (c < 0x600 || c > 0x6FF)
                    continue; /* never looked up: words are Arabic letters */
                self->fb_len[c - 0x600] = (int)L;
                for (Py_ssize_t i = 0; i < L; i++)
                    self->fb[c - 0x600][i] = (uint32_t)PyUnicode_READ_CHAR(v, i);
            }
            else if (t >= 0) {
                self->punct_len[t] = (int)L;
                for (Py_ssize_t i = 0; i < L; i++)
                    self->punct[t][i] = (uint32_t)PyUnicode_READ_CHAR(v, i);
            }
        }
    }
    if (load_lexicon(&self->rlex, rlex) < 0 || smap_init(&self->cache, 1024) < 0)
        return -1;
    Py_INCREF(dec);
    self->dec = (Decoder *)dec;
    if (fallback != Py_None) {
        Py_INCREF(fallback);
        self->fallback = fallback;
    }
    self->prior = prior;
    self->vectorcall = LatinConverter_vectorcall;
    return 0;
}

/* a character of an Arabic run (_PIECE's second alternative), within the supported set */
static inline int
arabic_run_char(uint32_t c)
{
    return (c >= 0x621 && c <= 0x64A) || (c >= 0x64B && c <= 0x655) || (c >= 0x660 && c <= 0x669) ||
           (c >= 0x66E && c <= 0x6D3) || c == 0x670 || c == 0x640;
}

/* characters this path handles: printable ASCII, Arabic-run characters, Arabic punctuation */
static inline int
latin_path_char(uint32_t c)
{
    return (c >= 0x20 && c < 0x7F) || arabic_run_char(c) || c == 0x60C || c == 0x61B || c == 0x61F ||
           (c >= 0x66A && c <= 0x66D) || c == 0x6D4;
}

static inline int
drop_mark(uint32_t c)
{
    return (c >= 0x64B && c <= 0x650) || (c >= 0x652 && c <= 0x655) || c == 0x670 || c == 0x640;
}

/* arabic_units: the key (units concatenated) into key, unit starts into uoff (n units, uoff[n] = end) */
static Py_ssize_t
units_of(const uint32_t *s, size_t n, uint32_t *key, size_t *klen, size_t *uoff)
{
    Py_ssize_t nu = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = s[i];
        if (c == SHADDA_CH) {
            if (nu && key[k - 1] != SHADDA_CH)
                key[k++] = c;
            continue;
        }
        if (drop_mark(c))
            continue;
        uoff[nu++] = k;
        key[k++] = c;
    }
    uoff[nu] = k;
    *klen = k;
    return nu;
}

/* the DODa spelling for look-up (_letter_by_letter) */
static size_t
letter_by_letter(const uint32_t *key, size_t n, uint32_t *out)
{
    static const uint32_t prefixes[3] = {0x648, 0x641, 0x628}; /* و ف ب */
    size_t g = (size_t)-1;
    for (int w = 0; w < 4 && g == (size_t)-1; w++) {
        size_t p = w < 3 ? 1 : 0;
        if (p && (n < 1 || key[0] != prefixes[w]))
            continue;
        /* (ال|لل) followed by at least two characters */
        if (n >= p + 4 && ((key[p] == 0x627 && key[p + 1] == 0x644) || (key[p] == 0x644 && key[p + 1] == 0x644)))
            g = p;
    }
    size_t m = 0;
    if (g != (size_t)-1) {
        for (size_t i = 0; i < g; i++)
            out[m++] = key[i];
        out[m++] = 0x644; /* ل */
        for (size_t i = g + 2; i < n; i++)
            out[m++] = key[i];
    }
    else {
        memcpy(out, key, n * sizeof(uint32_t));
        m = n;
    }
    if (m && out[m - 1] == 0x629) /* ة -> ا */
        out[m - 1] = 0x627;
    return m;
}

/* _ToLatin.word for one Arabic run: 1 = appended, 0 = let Python decide, -1 = error */
static int
latin_word(LatinConverter *self, const uint32_t *run, size_t n, U32Buf *out)
{
    int r = -1;
    size_t cap = n + 8;
    uint32_t *key = (uint32_t *)PyMem_Malloc(cap * sizeof(uint32_t));
    uint32_t *look = (uint32_t *)PyMem_Malloc(cap * sizeof(uint32_t));
    uint32_t *strip = (uint32_t *)PyMem_Malloc(cap * sizeof(uint32_t));
    size_t *uoff = (size_t *)PyMem_Malloc((cap + 1) * sizeof(size_t));
    U32Buf g = {0};
    if (!key || !look || !strip || !uoff) {
        PyErr_NoMemory();
        goto end;
    }
    size_t klen;
    units_of(run, n, key, &klen, uoff);
    if (klen == 0) {
        r = u32_append(out, run, n) < 0 ? -1 : 1;
        goto end;
    }
    const Lex *L = &self->rlex;
    size_t llen;
    if (smap_get(&L->map, key, klen, hash_u32(key, klen)) >= 0) {
        memcpy(look, key, klen * sizeof(uint32_t));
        llen = klen;
    }
    else
        llen = letter_by_letter(key, klen, look);
    int64_t e = smap_get(&L->map, look, llen, hash_u32(look, llen));
    const SEntry *le = e >= 0 ? &L->map.ents[e] : NULL;
    if (le && (le->b == 1 || L->cand[le->a].count >= 2 * L->cand[le->a + 1].count)) {
        r = u32_append(out, L->cand_str.p + L->cand[le->a].off, L->cand[le->a].len) < 0 ? -1 : 1;
        goto end;
    }
    /* latin_posterior(lookup): the greedy path, mixed with the reverse lexicon (the entry of the
       look-up key, else of the key without shadda) */
    size_t ulen;
    Py_ssize_t nu = units_of(look, llen, strip, &ulen, uoff);
    double gscore = 0.0;
    int found = greedy_arabic_core(self->dec, strip, uoff, nu, &g, &gscore);
    if (found < 0)
        goto end;
    if (found && !isfinite(gscore)) {
        r = 0;
        goto end;
    }
    if (!le) {
        size_t m = 0;
        int has_shadda = 0;
        for (size_t i = 0; i < llen; i++) {
            if (look[i] == SHADDA_CH)
                has_shadda = 1;
            else
                strip[m++] = look[i];
        }
        if (has_shadda) {
            int64_t e2 = smap_get(&L->map, strip, m, hash_u32(strip, m));
            le = e2 >= 0 ? &L->map.ents[e2] : NULL;
        }
    }
    const uint32_t *best = NULL;
    size_t best_len = 0;
    double best_p = 0.0;
    int have = 0;
    if (!le) {
        if (found) {
            best = g.p;
            best_len = g.n;
            have = 1;
        }
    }
    else {
        double denom = (double)le->c + self->prior;
        double gp = found ? self->prior * 1.0 / denom : 0.0;
        int g_in_lex = 0;
        for (int64_t k = le->a; k < le->a + le->b; k++) {
            const uint32_t *cs = L->cand_str.p + L->cand[k].off;
            size_t cl = L->cand[k].len;
            double p = 0.0;
            if (found && cl == g.n && (cl == 0 || memcmp(cs, g.p, cl * sizeof(uint32_t)) == 0)) {
                p = gp;
                g_in_lex = 1;
            }
            p = p + (double)L->cand[k].count / denom;
            if (!have || p > best_p || (p == best_p && u32_less(cs, cl, best, best_len))) {
                best = cs;
                best_len = cl;
                best_p = p;
                have = 1;
            }
        }
        if (found && !g_in_lex &&
            (!have || gp > best_p || (gp == best_p && u32_less(g.p, g.n, best, best_len)))) {
            best = g.p;
            best_len = g.n;
            best_p = gp;
            have = 1;
        }
    }
    if (have && best_len > 0) {
        r = u32_append(out, best, best_len) < 0 ? -1 : 1;
        goto end;
    }
    /* _fallback_latin(key): letters of the key without shadda, unknown characters dropped */
    for (size_t i = 0; i < klen; i++) {
        uint32_t c = key[i];
        if (c == SHADDA_CH || c < 0x600 || c > 0x6FF || self->fb_len[c - 0x600] < 0)
            continue;
        if (u32_append(out, self->fb[c - 0x600], (size_t)self->fb_len[c - 0x600]) < 0)
            goto end;
    }
    r = 1;
end:
    PyMem_Free(key);
    PyMem_Free(look);
    PyMem_Free(strip);
    PyMem_Free(uoff);
    u32_free(&g);
    return r;
}

/* one Arabic run, through the per-run cache */
static int
latin_run(LatinConverter *self, const uint32_t *run, size_t n, U32Buf *out)
{
    uint64_t h = hash_u32(run, n);
    int64_t e = smap_get(&self->cache, run, n, h);
    if (e >= 0) {
        const SEntry *en = &self->cache.ents[e];
        return u32_append(out, self->outs.p + en->a, (size_t)en->b) < 0 ? -1 : 1;
    }
    if (self->cache.n > CACHE_LIMIT) {
        smap_clear(&self->cache);
        self->outs.n = 0;
    }
    size_t start = out->n;
    int r = latin_word(self, run, n, out);
    if (r <= 0)
        return r;
    size_t len = out->n - start;
    if (len > OUTS_LIMIT || n > OUTS_LIMIT) /* too long to cache */
        return 1;
    if (self->outs.n + len > OUTS_LIMIT) {
        smap_clear(&self->cache);
        self->outs.n = 0;
    }
    size_t off = self->outs.n;
    if (u32_append(&self->outs, out->p + start, len) < 0)
        return -1;
    SEntry *en = smap_add(&self->cache, run, n, h);
    if (!en)
        return -1;
    en->a = (int32_t)off;
    en->b = (int32_t)len;
    return 1;
}

static PyObject *
latin_text(LatinConverter *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "expected str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    if (!self->dec) {
        PyErr_SetString(PyExc_RuntimeError, "LatinConverter is not initialised");
        return NULL;
    }
    if (ensure_ready(text) < 0)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    U32Buf t = {0}, out = {0};
    PyObject *res = NULL;
    int r = 1;
    if (u32_reserve(&t, (size_t)n + 1) < 0 || u32_reserve(&out, (size_t)n + 16) < 0) {
        r = -1;
        goto end;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t c = (uint32_t)PyUnicode_READ(kind, data, i);
        if (!latin_path_char(c)) {
            r = 0;
            goto end;
        }
        t.p[i] = c;
    }
    t.n = (size_t)n;
    size_t i = 0;
    while (i < t.n && r > 0) {
        uint32_t c = t.p[i];
        size_t j = i + 1;
        if (c < 128 && is_alnum_ascii(c)) {
            while (j < t.n && t.p[j] < 128 && is_alnum_ascii(t.p[j]))
                j++;
            r = u32_append(&out, t.p + i, j - i) < 0 ? -1 : 1;
        }
        else if (arabic_run_char(c)) {
            int letter = 0;
            for (j = i; j < t.n && arabic_run_char(t.p[j]); j++)
                if ((t.p[j] >= 0x621 && t.p[j] <= 0x64A) || t.p[j] > 0x66D)
                    letter = 1;
            if (letter)
                r = latin_run(self, t.p + i, j - i, &out);
            else
                r = u32_append(&out, t.p + i, j - i) < 0 ? -1 : 1;
        }
        else {
            int ti = tab_index(c);
            r = u32_append(&out, self->punct[ti], (size_t)self->punct_len[ti]) < 0 ? -1 : 1;
        }
        i = j;
    }
end:
    if (r > 0)
        res = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.p ? out.p : (uint32_t *)"", (Py_ssize_t)out.n);
    else if (r == 0) {
        res = Py_None;
        Py_INCREF(res);
    }
    u32_free(&t);
    u32_free(&out);
    return res;
}

static PyObject *
LatinConverter_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    PyObject *text = single_text_vec("LatinConverter", args, nargsf, kwnames);
    if (!text)
        return NULL;
    LatinConverter *self = (LatinConverter *)callable;
    PyObject *res = latin_text(self, text); /* before reading fallback: the compiled path runs first */
    return or_fallback(res, self->fallback, text);
}

static PyObject *
LatinConverter_call(LatinConverter *self, PyObject *args, PyObject *kwds)
{
    PyObject *text = single_text_arg("LatinConverter", args, kwds);
    if (!text)
        return NULL;
    PyObject *res = latin_text(self, text); /* before reading fallback: the compiled path runs first */
    return or_fallback(res, self->fallback, text);
}

static PyObject *
LatinConverter_fast(LatinConverter *self, PyObject *text)
{
    return latin_text(self, text);
}

static PyMethodDef LatinConverter_methods[] = {
    {"fast", (PyCFunction)LatinConverter_fast, METH_O,
     "fast(text) -> str or None: the compiled path only (None = the sentence needs the Python path)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject LatinConverterType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "awal.translit.darija._fast.LatinConverter",
    .tp_basicsize = sizeof(LatinConverter),
    .tp_dealloc = (destructor)LatinConverter_dealloc,
    .tp_vectorcall_offset = offsetof(LatinConverter, vectorcall),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "Compiled whole-sentence Arabic -> Arabizi conversion (ASCII and Arabic letters, marks, digits and "
              "punctuation); other sentences go to `fallback` (None without one).",
    .tp_traverse = (traverseproc)LatinConverter_traverse,
    .tp_clear = (inquiry)LatinConverter_clear,
    .tp_methods = LatinConverter_methods,
    .tp_call = (ternaryfunc)LatinConverter_call,
    .tp_init = (initproc)LatinConverter_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef fastmodule = {
    PyModuleDef_HEAD_INIT,
    "_fast",
    "Compiled hot path of awal.translit.darija (Latin -> Arabic); the pure-Python code is the reference.",
    -1,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC
PyInit__fast(void)
{
    if (PyType_Ready(&DecoderType) < 0 || PyType_Ready(&ConverterType) < 0 || PyType_Ready(&LatinConverterType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&fastmodule);
    if (!m)
        return NULL;
    Py_INCREF(&DecoderType);
    if (PyModule_AddObject(m, "Decoder", (PyObject *)&DecoderType) < 0) {
        Py_DECREF(&DecoderType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&ConverterType);
    if (PyModule_AddObject(m, "Converter", (PyObject *)&ConverterType) < 0) {
        Py_DECREF(&ConverterType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&LatinConverterType);
    if (PyModule_AddObject(m, "LatinConverter", (PyObject *)&LatinConverterType) < 0) {
        Py_DECREF(&LatinConverterType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
