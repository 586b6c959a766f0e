/* awal.lid._kernel: the language-ID engine's per-text work in C (optional; numpy path otherwise).
 *
 * One function, lane_sums(), does for each text what awal.lid.engine.features_one() +
 * Engine._lane_sums() do: fold and clean the code points (look-up tables from
 * engine.tables()), drop letter-less tokens, cut letter floods to two, collapse spaces, count
 * letters per script class, hash the character n-grams (rolling polynomial hash), words and
 * word bigrams into buckets and add up the packed 16-byte rows of those buckets. All of it is
 * integer arithmetic (uint64 wrapping hashes, int64 sums), so the results are bit for bit the
 * numpy path's; tests/test_lid_kernel.py checks that on random and real text.
 *
 * URLs, e-mails and @mentions are removed by the caller (a Python regex) before this runs.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define SPACE 0x20u
#define DROP 0xFFFFu
#define LANES 16
#define N_CLASSES 6
#define CLS_NONE 0
#define CLS_DIGIT 5
#define MAX_ORDER 16

static const uint64_t BASE = 0x100000001B3ULL;
static const uint64_t MIX = 0x9E3779B97F4A7C15ULL;
static const uint64_t BIGRAM_MUL = 0xC2B2AE3D27D4EB4FULL;
static const uint64_t SALT_WORD = 0x5851F42D4C957F2DULL;
static const uint64_t SALT_BIGRAM = 0x14057B7EF767814FULL;
static const uint64_t SALT_ORDER = 0x2545F4914F6CDD1DULL;

typedef struct {
    const uint32_t *fold;  /* 65536 entries */
    const uint8_t *cls;    /* 65536 entries */
    const uint8_t *table;  /* (buckets + 1) * LANES bytes */
    int is_order[MAX_ORDER + 1];
    int max_order;
    int shift;
    int words;
    int bigrams;
} Config;

/* scratch buffers, grown as needed (per call, freed at the end) */
typedef struct {
    uint32_t *f;
    uint8_t *c;
    uint64_t *chars;
    Py_ssize_t cap;
} Scratch;

static int scratch_reserve(Scratch *s, Py_ssize_t n) {
    if (n <= s->cap) return 0;
    Py_ssize_t cap = n < 256 ? 256 : n;
    uint32_t *f = PyMem_Realloc(s->f, (size_t)cap * sizeof(uint32_t));
    if (!f) return -1;
    s->f = f;
    uint8_t *c = PyMem_Realloc(s->c, (size_t)cap);
    if (!c) return -1;
    s->c = c;
    uint64_t *chars = PyMem_Realloc(s->chars, (size_t)(cap + 2) * sizeof(uint64_t));
    if (!chars) return -1;
    s->chars = chars;
    s->cap = cap;
    return 0;
}

/* Row sums in registers: the 16 byte lanes of a row are spread over four uint64 words of four
 * 16-bit lanes (even and odd bytes of each half), so adding a row is two loads, four masks and
 * four adds. A lane holds at most 255 per row, so 16-bit lanes are flushed to the int64 sums
 * every FLUSH_EVERY rows, long before they could wrap. */
#define FLUSH_EVERY 256
#define EVEN 0x00FF00FF00FF00FFULL

typedef struct {
    uint64_t a[4]; /* bytes 0,2,4,6 | 1,3,5,7 | 8,10,12,14 | 9,11,13,15 */
    int rows;
    int64_t *sums;
} Acc;

static inline void acc_flush(Acc *acc) {
    for (int j = 0; j < 4; j++) {
        acc->sums[2 * j] += (int64_t)((acc->a[0] >> (16 * j)) & 0xFFFF);
        acc->sums[2 * j + 1] += (int64_t)((acc->a[1] >> (16 * j)) & 0xFFFF);
        acc->sums[8 + 2 * j] += (int64_t)((acc->a[2] >> (16 * j)) & 0xFFFF);
        acc->sums[8 + 2 * j + 1] += (int64_t)((acc->a[3] >> (16 * j)) & 0xFFFF);
    }
    acc->a[0] = acc->a[1] = acc->a[2] = acc->a[3] = 0;
    acc->rows = 0;
}

static inline void add_row(const Config *cfg, uint32_t bucket, Acc *acc) {
    uint64_t lo, hi;
    memcpy(&lo, cfg->table + (size_t)bucket * LANES, 8);
    memcpy(&hi, cfg->table + (size_t)bucket * LANES + 8, 8);
    acc->a[0] += lo & EVEN;
    acc->a[1] += (lo >> 8) & EVEN;
    acc->a[2] += hi & EVEN;
    acc->a[3] += (hi >> 8) & EVEN;
    if (++acc->rows == FLUSH_EVERY) acc_flush(acc);
}

/* Features are hashed first and their rows prefetched, then summed a block at a time: the table
 * (8 MB) is far larger than the caches, and this keeps many row loads in flight instead of one at
 * a time. A short text fits one block; a gigantic one needs no memory proportional to its length. */
#define BLOCK 512

typedef struct {
    uint32_t bk[BLOCK];
    size_t n; /* not int: a uint32_t store may alias an int, which would reload n after every push */
    Acc acc;
} Pending;

static inline void pending_sum(const Config *cfg, Pending *pd) {
    for (size_t i = 0; i < pd->n; i++) add_row(cfg, pd->bk[i], &pd->acc);
    pd->n = 0;
}

/* room for one position's features (MAX_ORDER n-grams, or a word and a bigram), checked once per position */
static inline void reserve(const Config *cfg, Pending *pd) {
    if (pd->n > BLOCK - MAX_ORDER - 2) pending_sum(cfg, pd);
}

static inline void push(const Config *cfg, Pending *pd, uint64_t h) {
    uint32_t b = (uint32_t)((h * MIX) >> cfg->shift);
    __builtin_prefetch(cfg->table + (size_t)b * LANES);
    pd->bk[pd->n++] = b;
}

/* One text: counts[N_CLASSES] and sums[LANES] (both zeroed by the caller). */
static int one_text(const Config *cfg, Scratch *s, PyObject *text, int64_t *counts, int64_t *sums) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    if (scratch_reserve(s, len + 1) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    uint32_t *f = s->f;
    uint8_t *c = s->c;
    Py_ssize_t n = 0;
    int has_digit = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 cp = PyUnicode_READ(kind, data, i);
        if (cp > 0xFFFF) cp = SPACE;
        else if (cp == '\n') cp = SPACE;
        else if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0x3F;  /* what the batch path's "replace" gives */
        uint32_t v = cfg->fold[cp];
        if (v == DROP) continue;
        f[n] = v;
        c[n] = cfg->cls[v];
        has_digit |= c[n] == CLS_DIGIT;
        n++;
    }
    /* tokens without a letter: their digits and apostrophes become spaces */
    if (has_digit) {
        Py_ssize_t start = 0;
        for (Py_ssize_t i = 0; i <= n; i++) {
            if (i == n || f[i] == SPACE) {
                int letter = 0;
                for (Py_ssize_t j = start; j < i; j++)
                    if (c[j] != CLS_DIGIT && c[j] != CLS_NONE) { letter = 1; break; }
                if (!letter)
                    for (Py_ssize_t j = start; j < i; j++)
                        if (c[j] == CLS_DIGIT) { f[j] = SPACE; c[j] = CLS_NONE; }
                start = i + 1;
            }
        }
    }
    /* spaces collapsed, floods cut to two, trailing space dropped; chars = " " kept " " */
    uint64_t *chars = s->chars;
    Py_ssize_t m = 1;
    chars[0] = SPACE;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t cp = f[i];
        if (cp == SPACE) {
            if (i == 0 || f[i - 1] == SPACE) continue;
        } else if (i >= 2 && cp == f[i - 1] && cp == f[i - 2]) {
            continue;
        }
        chars[m++] = cp;
        counts[c[i]]++;
    }
    if (m > 1 && chars[m - 1] == SPACE) {
        m--;
        counts[CLS_NONE]--;
    }
    chars[m++] = SPACE;
    /* character n-grams ending at p = 1 .. m-1 (the text's positions), order k valid when p >= k - 1 */
    Pending pd;
    pd.n = 0;
    pd.acc = (Acc){{0, 0, 0, 0}, 0, sums};
    uint64_t pw[MAX_ORDER + 1];
    pw[0] = 1;
    for (int k = 1; k <= cfg->max_order; k++) pw[k] = pw[k - 1] * BASE;
    for (Py_ssize_t p = 1; p < m; p++) {
        uint64_t h = 0;
        reserve(cfg, &pd);
        for (int k = 1; k <= cfg->max_order && k <= p + 1; k++) {
            h += chars[p - k + 1] * pw[k - 1];
            if (cfg->is_order[k]) {
                if (k == 1 && chars[p] == SPACE) continue;
                push(cfg, &pd, h ^ (SALT_ORDER * (uint64_t)(k + 1)));
            }
        }
    }
    /* words (runs of non-space; first letter has power 0) and bigrams of consecutive words */
    if (cfg->words) {
        uint64_t prev = 0;
        int have_prev = 0;
        Py_ssize_t p = 0;
        while (p < m) {
            if (chars[p] == SPACE) { p++; continue; }
            uint64_t h = 0, w = 1;
            while (p < m && chars[p] != SPACE) {
                h += chars[p] * w;
                w *= BASE;
                p++;
            }
            reserve(cfg, &pd);
            push(cfg, &pd, h ^ SALT_WORD);
            if (cfg->bigrams && have_prev) push(cfg, &pd, (prev * BIGRAM_MUL + h) ^ SALT_BIGRAM);
            prev = h;
            have_prev = 1;
        }
    }
    pending_sum(cfg, &pd);
    acc_flush(&pd.acc);
    return 0;
}

static int get_buffer(PyObject *obj, Py_buffer *view, Py_ssize_t min_len, int writable, const char *what) {
    if (PyObject_GetBuffer(obj, view, writable ? (PyBUF_SIMPLE | PyBUF_WRITABLE) : PyBUF_SIMPLE) < 0) return -1;
    if (view->len < min_len) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes, need %zd", what, view->len, min_len);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(lane_sums_doc,
"lane_sums(texts, fold, cls, orders, bucket_bits, words, bigrams, table, counts, sums)\n\n"
"For each text (str, URLs already removed): letter counts per class into counts (int64, n x 6)\n"
"and the int64 sums of its feature rows' 16 byte lanes into sums (int64, n x 16); both zeroed here.");

static PyObject *lane_sums(PyObject *self, PyObject *args) {
    PyObject *texts, *fold_o, *cls_o, *orders, *table_o, *counts_o, *sums_o;
    int bits, words, bigrams;
    if (!PyArg_ParseTuple(args, "O!OOO!iiiOOO", &PyList_Type, &texts, &fold_o, &cls_o, &PyTuple_Type, &orders, &bits,
                          &words, &bigrams, &table_o, &counts_o, &sums_o))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    if (bits < 1 || bits > 30) return PyErr_Format(PyExc_ValueError, "bucket_bits %d out of range", bits);
    Config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.shift = 64 - bits;
    cfg.words = words;
    cfg.bigrams = bigrams;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(orders); i++) {
        long k = PyLong_AsLong(PyTuple_GET_ITEM(orders, i));
        if (k == -1 && PyErr_Occurred()) return NULL;
        if (k < 1 || k > MAX_ORDER) return PyErr_Format(PyExc_ValueError, "n-gram order %ld out of range", k);
        cfg.is_order[k] = 1;
        if (k > cfg.max_order) cfg.max_order = (int)k;
    }
    Py_buffer fold, cls, table, counts, sums;
    Py_ssize_t buckets = (Py_ssize_t)1 << bits;
    if (get_buffer(fold_o, &fold, 65536 * 4, 0, "fold") < 0) return NULL;
    if (get_buffer(cls_o, &cls, 65536, 0, "cls") < 0) goto fail_fold;
    if (get_buffer(table_o, &table, (buckets + 1) * LANES, 0, "table") < 0) goto fail_cls;
    if (get_buffer(counts_o, &counts, n * N_CLASSES * 8, 1, "counts") < 0) goto fail_table;
    if (get_buffer(sums_o, &sums, n * LANES * 8, 1, "sums") < 0) goto fail_counts;
    cfg.fold = fold.buf;
    cfg.cls = cls.buf;
    cfg.table = table.buf;
    int64_t *cnt = counts.buf, *sm = sums.buf;
    memset(cnt, 0, (size_t)(n * N_CLASSES * 8));
    memset(sm, 0, (size_t)(n * LANES * 8));
    Scratch s = {NULL, NULL, NULL, 0};
    int ok = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(t)) {
            PyErr_Format(PyExc_TypeError, "texts[%zd] is %.100s, not str", i, Py_TYPE(t)->tp_name);
            ok = 0;
            break;
        }
        if (one_text(&cfg, &s, t, cnt + i * N_CLASSES, sm + i * LANES) < 0) {
            ok = 0;
            break;
        }
    }
    PyMem_Free(s.f);
    PyMem_Free(s.c);
    PyMem_Free(s.chars);
    PyBuffer_Release(&sums);
    PyBuffer_Release(&counts);
    PyBuffer_Release(&table);
    PyBuffer_Release(&cls);
    PyBuffer_Release(&fold);
    if (!ok) return NULL;
    Py_RETURN_NONE;
fail_counts:
    PyBuffer_Release(&counts);
fail_table:
    PyBuffer_Release(&table);
fail_cls:
    PyBuffer_Release(&cls);
fail_fold:
    PyBuffer_Release(&fold);
    return NULL;
}

static PyMethodDef methods[] = {
    {"lane_sums", lane_sums, METH_VARARGS, lane_sums_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "awal.lid._kernel",
    "Per-text language-ID features and row sums in C (see awal.lid.engine).", -1, methods,
};

PyMODINIT_FUNC PyInit__kernel(void) { return PyModule_Create(&module); }
