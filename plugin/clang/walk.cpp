/*
 * walk.cpp — clang's AST → facts: the clang plugin's adapter over the
 * analysis core (analysis/analysis.h), the in-compiler twin of the libclang
 * adapter in plugin/frontend/frontend.c.  The core decides everything; this
 * file only walks clang's AST in libclang's order and answers the core's
 * questions (analysis/adapter.h) as libclang's cursor functions would:
 * "unexposed" expressions are those libclang reports as
 * CXCursor_UnexposedExpr, extents are libclang's token-extended ranges,
 * locations are expansion locations.  Invariant: for the same file and
 * flags both adapters give the core the same answers, so the facts are the
 * same (tests/plugin compares them, and the findings, over every fixture,
 * example and parity case).
 */
#include "walk.h"
#include "analysis.h"
#include "headers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <vector>

using namespace clang;

namespace {

/* Expressions libclang reports as CXCursor_UnexposedExpr (those C can write). */
bool unexposed(const Stmt *s)
{
    return isa<ImplicitCastExpr>(s) || isa<ChooseExpr>(s) || isa<BinaryConditionalOperator>(s)
           || isa<DesignatedInitExpr>(s) || isa<DesignatedInitUpdateExpr>(s)
           || isa<ImplicitValueInitExpr>(s) || isa<NoInitExpr>(s) || isa<OffsetOfExpr>(s)
           || isa<PredefinedExpr>(s) || isa<VAArgExpr>(s) || isa<AtomicExpr>(s)
           || isa<ExtVectorElementExpr>(s) || isa<ShuffleVectorExpr>(s)
           || isa<ConvertVectorExpr>(s) || isa<SourceLocExpr>(s) || isa<ParenListExpr>(s)
           || isa<AsTypeExpr>(s) || isa<ExprWithCleanups>(s) || isa<PseudoObjectExpr>(s);
}

/* The node libclang makes a cursor for when it meets s: constant wrappers
 * and opaque values stand for what they wrap. */
const Expr *cursor_of(const Expr *e)
{
    for (int guard = 0; e != nullptr && guard < 32; guard++) {
        if (const auto *ce = dyn_cast<ConstantExpr>(e))
            e = ce->getSubExpr();
        else if (const auto *ov = dyn_cast<OpaqueValueExpr>(e); ov && ov->getSourceExpr())
            e = ov->getSourceExpr();
        else
            break;
    }
    return e;
}

/* libclang's last expression child of e (last_expr), or null. */
const Expr *last_expr(const Expr *e)
{
    const Expr *last = nullptr;
    for (const Stmt *child : e->children())
        if (const auto *ce = dyn_cast_or_null<Expr>(child))
            last = cursor_of(ce);
    return last;
}

/* The declaration libclang's cursor spelling names for an expression
 * (getDeclFromExpr, for what C can write). */
const Decl *decl_of(const Expr *e)
{
    if (const auto *ic = dyn_cast<ImplicitCastExpr>(e))
        return decl_of(ic->getSubExpr());
    if (const auto *dr = dyn_cast<DeclRefExpr>(e))
        return dr->getDecl();
    if (const auto *me = dyn_cast<MemberExpr>(e))
        return me->getMemberDecl();
    if (const auto *po = dyn_cast<PseudoObjectExpr>(e))
        return decl_of(po->getSyntacticForm());
    if (const auto *ov = dyn_cast<OpaqueValueExpr>(e))
        return ov->getSourceExpr() ? decl_of(ov->getSourceExpr()) : nullptr;
    if (const auto *ce = dyn_cast<CallExpr>(e))
        return decl_of(ce->getCallee());
    return nullptr;
}

bool is_function_scope(const Decl *d)
{
    return isa<FunctionDecl>(d->getDeclContext());
}

/* A node: a tag and a pointer (an expression or a declaration). */
enum { NODE_EXPR = 1, NODE_DECL = 2 };

lga_node node_expr(const Expr *e)
{
    lga_node n = { { 0, 0, 0, 0 } };
    if (e != nullptr) {
        n.w[0] = NODE_EXPR;
        n.w[1] = (uintptr_t)cursor_of(e);
    }
    return n;
}

lga_node node_decl(const Decl *d)
{
    lga_node n = { { 0, 0, 0, 0 } };
    if (d != nullptr) {
        n.w[0] = NODE_DECL;
        n.w[1] = (uintptr_t)d;
    }
    return n;
}

const Expr *expr_of(lga_node n)
{
    return n.w[0] == NODE_EXPR ? (const Expr *)n.w[1] : nullptr;
}

const Decl *decl_node(lga_node n)
{
    return n.w[0] == NODE_DECL ? (const Decl *)n.w[1] : nullptr;
}

class Walker : public RecursiveASTVisitor<Walker> {
public:
    /* A walk of file (the main file, or one of the project's headers). */
    Walker(ASTContext &ctx, lgf_facts *facts, FileID file)
        : ctx_(ctx), sm_(ctx.getSourceManager()), facts_(facts), file_(file)
    {
        main_ = sm_.getFileEntryForID(file);
        llvm::StringRef buf = sm_.getBufferData(file);
        src_ = buf.data();
        srclen_ = buf.size();
    }

    const char *src() const { return src_; }
    size_t srclen() const { return srclen_; }
    void set_core(lga_walk *core) { core_ = core; }

    /* The main file's declarations; each function definition of a header
     * is handed to header(fd) (which walks the project's own). */
    template <typename F> void walk_top(F header)
    {
        for (Decl *d : ctx_.getTranslationUnitDecl()->decls()) {
            if (d->isImplicit())
                continue;
            if (!sm_.isWrittenInMainFile(d->getLocation()) && !made_in_main_file(d)) {
                auto *fd = dyn_cast<FunctionDecl>(d);
                if (fd != nullptr && fd->isThisDeclarationADefinition())
                    header(fd);
                continue;
            }
            if (auto *fd = dyn_cast<FunctionDecl>(d)) {
                if (fd->isThisDeclarationADefinition())
                    on_function(fd);
                continue;
            }
            TraverseDecl(d);
        }
    }

    /* A function definition a macro expanded in the main file made
     * (`DEFINE_ADDER(add_hook, hooks)`): the main file's code. */
    bool made_in_main_file(const Decl *d)
    {
        const auto *fd = dyn_cast<FunctionDecl>(d);
        return fd != nullptr && fd->isThisDeclarationADefinition()
               && sm_.isInMainFile(sm_.getExpansionLoc(fd->getLocation()));
    }

    /* A function definition of a header this walker walks. */
    void walk_definition(FunctionDecl *fd) { on_function(fd); }

    /* ---- the visitor: pre-order, like libclang's recursion */

    bool TraverseFunctionDecl(FunctionDecl *)
    {
        return true;                        /* nested declarations: nothing to see */
    }

    bool VisitVarDecl(VarDecl *d)
    {
        if (!isa<ParmVarDecl>(d))
            on_var(d);
        return true;
    }

    bool VisitCallExpr(CallExpr *c)
    {
        lga_call(core_, node_expr(c));
        return true;
    }

    bool VisitBinaryOperator(BinaryOperator *b)
    {
        if (!isa<CompoundAssignOperator>(b))
            on_binary(b);
        return true;
    }

    bool VisitDeclRefExpr(DeclRefExpr *r)
    {
        lga_ref(core_, node_expr(r));
        return true;
    }

    bool VisitReturnStmt(ReturnStmt *r)
    {
        if (r->getRetValue() != nullptr)
            lga_return(core_, node_expr(r->getRetValue()));
        return true;
    }

    /* ---- the adapter's answers (analysis/adapter.h) */

    lga_expr expr_kind(const Expr *e)
    {
        if (isa<ParenExpr>(e) || isa<CStyleCastExpr>(e) || unexposed(e))
            return LGA_EXPR_WRAP;
        if (const auto *bo = dyn_cast<BinaryOperator>(e))   /* `(void)..., x` is x */
            if (bo->getOpcode() == BO_Comma && bo->getLHS()->getType()->isVoidType())
                return LGA_EXPR_WRAP;
        if (isa<CallExpr>(e))
            return LGA_EXPR_CALL;
        if (isa<MemberExpr>(e))
            return LGA_EXPR_MEMBER;
        if (isa<DeclRefExpr>(e))
            return LGA_EXPR_REF;
        if (isa<ArraySubscriptExpr>(e))
            return LGA_EXPR_SUBSCRIPT;
        long long v;
        if (isa<GNUNullExpr>(e) || (isa<IntegerLiteral>(e) && int_value(e, &v) && v == 0))
            return LGA_EXPR_NULL;
        return LGA_EXPR_OTHER;
    }

    const Expr *inner(const Expr *e)
    {
        if (expr_kind(e) == LGA_EXPR_WRAP)
            return last_expr(e);
        if (const auto *as = dyn_cast<ArraySubscriptExpr>(e))
            return as->getLHS();
        if (const auto *me = dyn_cast<MemberExpr>(e))
            return me->getBase();
        return nullptr;
    }

    const char *callee(const Expr *e)
    {
        const auto *c = dyn_cast<CallExpr>(e);
        std::string name = c ? spelling(decl_of(c)) : std::string();
        if (c != nullptr && name.empty()) {      /* `(f)(x)`: as the libclang adapter */
            const auto *dr = dyn_cast<DeclRefExpr>(c->getCallee()->IgnoreParenImpCasts());
            if (dr != nullptr && isa<FunctionDecl>(dr->getDecl()))
                name = spelling(dr->getDecl());
        }
        return dup(name);
    }

    int nargs(const Expr *e)
    {
        const auto *c = dyn_cast<CallExpr>(e);
        return c ? (int)c->getNumArgs() : 0;
    }

    const Expr *arg(const Expr *e, int i)
    {
        const auto *c = dyn_cast<CallExpr>(e);
        return c && i >= 0 && (unsigned)i < c->getNumArgs() ? c->getArg((unsigned)i) : nullptr;
    }

    const Decl *referenced(const Expr *e)
    {
        if (const auto *dr = dyn_cast<DeclRefExpr>(e))
            return dr->getDecl();
        if (const auto *me = dyn_cast<MemberExpr>(e))
            return me->getMemberDecl();
        return nullptr;
    }

    static lga_decl decl_kind(const Decl *d)
    {
        if (isa<ParmVarDecl>(d))
            return LGA_DECL_PARAM;
        if (isa<FunctionDecl>(d))
            return LGA_DECL_FUNCTION;
        const auto *vd = dyn_cast<VarDecl>(d);
        if (vd == nullptr)
            return LGA_DECL_OTHER;
        bool is_static = vd->getStorageClass() == SC_Static;
        if (is_function_scope(vd))
            return is_static ? LGA_DECL_LOCAL_STATIC : LGA_DECL_LOCAL;
        return is_static ? LGA_DECL_FILE_STATIC : LGA_DECL_GLOBAL;
    }

    const char *name(const Decl *d)
    {
        return dup(spelling(d));
    }

    const char *record(const Decl *field)
    {
        std::string type;
        if (const auto *rec = dyn_cast<TypeDecl>(cast<Decl>(field->getDeclContext())))
            type = type_spelling(ctx_.getTypeDeclType(rec));
        return dup(type);
    }

    /* A constant integer value of e (clang_Cursor_Evaluate). */
    bool int_value(const Expr *e, long long *out)
    {
        e = cursor_of(e)->IgnoreParens();
        Expr::EvalResult r;
        if (e->isValueDependent() || !e->EvaluateAsRValue(r, ctx_) || !r.Val.isInt())
            return false;
        const llvm::APSInt &v = r.Val.getInt();
        if (v.getBitWidth() > 64)
            return false;
        *out = v.isUnsigned() ? (long long)v.getZExtValue() : (long long)v.getExtValue();
        return true;
    }

    /* libclang's extent of an expression: a token range whose end moves past
     * its last token (outside macro bodies). */
    void extent(const Expr *e, long *start, long *end)
    {
        SourceRange r = e->getSourceRange();
        SourceLocation last = r.getEnd();
        bool token = true;
        if (last.isValid() && last.isMacroID() && !sm_.isMacroArgExpansion(last)) {
            CharSourceRange ex = sm_.getExpansionRange(last);
            last = ex.getEnd();
            token = ex.isTokenRange();
        }
        if (token && last.isValid())
            last = last.getLocWithOffset(
                (int)Lexer::MeasureTokenLength(sm_.getSpellingLoc(last), sm_, ctx_.getLangOpts()));
        *start = r.getBegin().isValid() ? file_offset(r.getBegin()) : -1;
        *end = file_offset(last);
    }

    /* Where libclang puts a cursor: a call's first token, a declaration's name. */
    void location(lga_node n, unsigned *line, unsigned *col, long *off)
    {
        SourceLocation loc;
        if (const Expr *e = expr_of(n))
            loc = e->getBeginLoc();
        else if (const Decl *d = decl_node(n))
            loc = d->getLocation();
        *line = *col = 0;
        *off = -1;
        if (loc.isInvalid())
            return;
        SourceLocation ex = sm_.getExpansionLoc(loc);
        *line = sm_.getExpansionLineNumber(ex);
        *col = sm_.getExpansionColumnNumber(ex);
        std::pair<FileID, unsigned> d = sm_.getDecomposedLoc(ex);
        bool in_main = d.first == file_
                       || (main_ != nullptr && sm_.getFileEntryForID(d.first) == main_);
        if (in_main && d.second <= srclen_)
            *off = (long)d.second;
    }

    /* A declaration's pointee type (clang_getPointeeType of its cursor type). */
    const char *pointee(const Decl *d, bool canonical)
    {
        const auto *vd = dyn_cast<ValueDecl>(d);
        if (vd == nullptr)
            return "";
        QualType t = vd->getType();
        if (const auto *dd = dyn_cast<DeclaratorDecl>(d); dd && dd->getTypeSourceInfo())
            t = dd->getTypeSourceInfo()->getType();
        if (!isa<PointerType>(t.getCanonicalType().getTypePtr()))
            return "";
        if (canonical)
            return dup(type_spelling(
                cast<PointerType>(t.getCanonicalType().getTypePtr())->getPointeeType().getCanonicalType()));
        const auto *pt = dyn_cast<PointerType>(t.getTypePtr());
        return pt ? dup(type_spelling(pt->getPointeeType())) : "";
    }

private:
    ASTContext &ctx_;
    SourceManager &sm_;
    lgf_facts *facts_;
    lga_walk *core_ = nullptr;           /* the analysis core */
    FileID file_;                       /* the file walked */
    const FileEntry *main_;             /* ... its entry */
    const char *src_;                   /* its text */
    size_t srclen_;

    /* ---- small helpers */

    const char *dup(const std::string &s)
    {
        const char *r = lgf_strdup(facts_, s.c_str());
        return r ? r : "";
    }

    std::string spelling(const Decl *d)
    {
        const auto *nd = dyn_cast_or_null<NamedDecl>(d);
        if (nd == nullptr)
            return "";
        std::string s;
        llvm::raw_string_ostream os(s);
        nd->printName(os);
        return os.str();
    }

    std::string type_spelling(QualType t)
    {
        std::string s;
        llvm::raw_string_ostream os(s);
        t.print(os, PrintingPolicy(ctx_.getLangOpts()));
        return os.str();
    }

    /* Byte offset in the main file of a location, or -1 (file_offset). */
    long file_offset(SourceLocation loc)
    {
        if (loc.isInvalid())
            return -1;
        std::pair<FileID, unsigned> d = sm_.getDecomposedLoc(sm_.getFileLoc(loc));
        bool in_main = d.first == file_
                       || (main_ != nullptr && sm_.getFileEntryForID(d.first) == main_);
        if (d.first.isInvalid() || !in_main || d.second > srclen_)
            return -1;
        return (long)d.second;
    }

    /* The last expression libclang finds among a declarator's array sizes. */
    static const Expr *last_size(TypeLoc tl)
    {
        for (int guard = 0; !tl.isNull() && guard < 64; guard++) {
            if (auto q = tl.getAs<QualifiedTypeLoc>())
                tl = q.getUnqualifiedLoc();
            else if (auto a = tl.getAs<ArrayTypeLoc>()) {
                const Expr *inner = last_size(a.getElementLoc());
                return a.getSizeExpr() ? a.getSizeExpr() : inner;
            } else if (auto pt = tl.getAs<PointerTypeLoc>())
                tl = pt.getPointeeLoc();
            else if (auto pa = tl.getAs<ParenTypeLoc>())
                tl = pa.getInnerLoc();
            else
                break;
        }
        return nullptr;
    }

    /* A variable and what libclang sees as its last expression child. */
    void on_var(const VarDecl *d)
    {
        const Expr *init = d->getInit();
        if (init == nullptr && d->getTypeSourceInfo() != nullptr)
            init = last_size(d->getTypeSourceInfo()->getTypeLoc());
        lga_var(core_, node_decl(d), node_expr(init));
    }

    /* A binary operator whose value is a pointer (on_binary). */
    void on_binary(const BinaryOperator *b)
    {
        QualType t = b->getType().getCanonicalType();
        if (!isa<PointerType>(t.getTypePtr()))
            return;
        lga_assign(core_, node_expr(b->getLHS()), node_expr(b->getRHS()));
    }

    void on_function(FunctionDecl *fd)
    {
        std::vector<lga_node> params;
        for (unsigned i = 0; i < fd->getNumParams(); i++)
            params.push_back(node_decl(fd->getParamDecl(i)));
        lga_function(core_, node_decl(fd), (int)params.size(), params.data());
        for (ParmVarDecl *p : fd->parameters())
            RecursiveASTVisitor<Walker>::TraverseDecl(p);
        TraverseStmt(fd->getBody());
        lga_function_end(core_);
    }
};

/* ---- the adapter table over a Walker */

Walker *W(void *ctx) { return static_cast<Walker *>(ctx); }

lga_expr ad_expr_kind(void *ctx, lga_node n)
{
    const Expr *e = expr_of(n);
    return e ? W(ctx)->expr_kind(e) : LGA_EXPR_OTHER;
}

lga_node ad_inner(void *ctx, lga_node n)
{
    const Expr *e = expr_of(n);
    return node_expr(e ? W(ctx)->inner(e) : nullptr);
}

const char *ad_callee(void *ctx, lga_node n)
{
    const Expr *e = expr_of(n);
    return e ? W(ctx)->callee(e) : "";
}

int ad_nargs(void *ctx, lga_node n)
{
    const Expr *e = expr_of(n);
    return e ? W(ctx)->nargs(e) : 0;
}

lga_node ad_arg(void *ctx, lga_node n, int i)
{
    const Expr *e = expr_of(n);
    return node_expr(e ? W(ctx)->arg(e, i) : nullptr);
}

lga_node ad_referenced(void *ctx, lga_node n)
{
    const Expr *e = expr_of(n);
    return node_decl(e ? W(ctx)->referenced(e) : nullptr);
}

lga_decl ad_decl_kind(void *ctx, lga_node n)
{
    (void)ctx;
    const Decl *d = decl_node(n);
    return d ? Walker::decl_kind(d) : LGA_DECL_OTHER;
}

const char *ad_name(void *ctx, lga_node n)
{
    const Decl *d = decl_node(n);
    return d ? W(ctx)->name(d) : "";
}

int ad_same(void *ctx, lga_node a, lga_node b)
{
    (void)ctx;
    return decl_node(a) != nullptr && decl_node(a) == decl_node(b);
}

const char *ad_record(void *ctx, lga_node n)
{
    const Decl *d = decl_node(n);
    return d ? W(ctx)->record(d) : "";
}

int ad_int_value(void *ctx, lga_node n, long long *v)
{
    const Expr *e = expr_of(n);
    return e && W(ctx)->int_value(e, v);
}

void ad_extent(void *ctx, lga_node n, long *start, long *end)
{
    *start = *end = -1;
    if (const Expr *e = expr_of(n))
        W(ctx)->extent(e, start, end);
}

void ad_location(void *ctx, lga_node n, unsigned *line, unsigned *col, long *off)
{
    W(ctx)->location(n, line, col, off);
}

const char *ad_pointee(void *ctx, lga_node n, int canonical)
{
    const Decl *d = decl_node(n);
    return d ? W(ctx)->pointee(d, canonical != 0) : "";
}

} // namespace

namespace {

/* A walk of one of the project's own headers (analysis/headers.h). */
struct HeaderWalk {
    const FileEntry *entry = nullptr;   /* the header */
    FileID file;                        /* where it was met */
    bool ours = false;                  /* false: skipped */
    lga_header unit = {};               /* what the walk makes */
    std::unique_ptr<Walker> walker;
    lga_adapter ad = {};
    lga_walk *core = nullptr;
};

lga_adapter adapter_of(Walker *w)
{
    return { w, ad_expr_kind, ad_inner, ad_callee, ad_nargs, ad_arg, ad_referenced,
             ad_decl_kind, ad_name, ad_same, ad_record, ad_int_value, ad_extent,
             ad_location, ad_pointee };
}

/* The real path of a header as the compile opened it, or "". */
std::string real_path_of(const FileEntry *fe)
{
    char buf[PATH_MAX];
    std::string name = fe->getName().str();
    if (realpath(name.c_str(), buf) != nullptr)
        return buf;
    llvm::StringRef r = fe->tryGetRealPathName();
    if (!r.empty() && r[0] == '/' && realpath(r.str().c_str(), buf) != nullptr)
        return buf;
    return "";
}

/* Starts h's walk (true), or says it cannot (false). */
bool header_start(ASTContext &ctx, HeaderWalk &h, const std::string &real, const lgm_set *models)
{
    llvm::StringRef text = ctx.getSourceManager().getBufferData(h.file);
    if (lga_header_init(&h.unit, real.c_str(), text.data(), text.size()) < 0)
        return false;
    h.walker = std::make_unique<Walker>(ctx, &h.unit.facts, h.file);
    h.ad = adapter_of(h.walker.get());
    h.core = lga_begin(&h.ad, models, &h.unit.facts, h.walker->src(), h.walker->srclen());
    if (h.core == nullptr)
        return false;
    h.walker->set_core(h.core);
    return true;
}

} // namespace

int lg_clang_walk(ASTContext &ctx, const char *path, const lgm_set *models, lgf_facts *facts,
                  std::vector<lg_clang_header> *headers)
{
    lgf_init(facts, path);
    if (facts->path == nullptr)
        return -1;
    SourceManager &sm = ctx.getSourceManager();
    Walker w(ctx, facts, sm.getMainFileID());
    lga_adapter ad = adapter_of(&w);
    lga_walk *core = lga_begin(&ad, models, facts, w.src(), w.srclen());
    if (core == nullptr)
        return -1;
    w.set_core(core);
    std::vector<std::unique_ptr<HeaderWalk>> met;
    const FileEntry *main_entry = sm.getFileEntryForID(sm.getMainFileID());
    /* the walk of the header fe (met at loc in fid), made on first meeting */
    auto header_of = [&](const FileEntry *fe, FileID fid, SourceLocation loc) -> HeaderWalk * {
        for (auto &m : met)
            if (m->entry == fe)
                return m.get();
        met.push_back(std::make_unique<HeaderWalk>());
        HeaderWalk *h = met.back().get();
        h->entry = fe;
        h->file = fid;
        std::string real = real_path_of(fe);
        h->ours = !real.empty() && lga_header_own(path, real.c_str(), sm.isInSystemHeader(loc))
                  && header_start(ctx, *h, real, models);
        return h;
    };
    w.walk_top([&](FunctionDecl *fd) {
        if (headers == nullptr)
            return;
        SourceLocation loc = sm.getExpansionLoc(fd->getLocation());
        FileID fid = sm.getFileID(loc);
        const FileEntry *fe = sm.getFileEntryForID(fid);
        if (fe == nullptr || fe == main_entry)
            return;
        HeaderWalk *h = header_of(fe, fid, loc);
        if (h->ours)
            h->walker->walk_definition(fd);
    });
    /* every other header of the project's own the unit includes, defining no
     * function: its empty unit replaces what the index held of it (as the
     * libclang front end's inclusion pass) */
    for (auto it = sm.fileinfo_begin(); headers != nullptr && it != sm.fileinfo_end(); ++it) {
        const FileEntry *fe = it->first;
        if (fe == nullptr || fe == main_entry || lga_header_foreign(fe->getName().str().c_str()))
            continue;
        FileID fid = sm.translateFile(fe);
        if (fid.isInvalid())
            continue;
        SourceLocation loc = sm.getLocForStartOfFile(fid);
        if (!sm.isInSystemHeader(loc))
            header_of(fe, fid, loc);
    }
    lga_end(core);
    int rc = 0;
    std::vector<HeaderWalk *> order;
    for (auto &m : met)                     /* the defining ones in the order met */
        if (m->ours && m->unit.facts.nfunctions > 0)
            order.push_back(m.get());
    size_t defining = order.size();
    for (auto &m : met)
        if (m->ours && m->unit.facts.nfunctions == 0)
            order.push_back(m.get());
    std::sort(order.begin() + (long)defining, order.end(), [](HeaderWalk *a, HeaderWalk *b) {
        return strcmp(a->unit.real, b->unit.real) < 0;
    });
    for (HeaderWalk *m : order) {
        lga_end(m->core);
        m->core = nullptr;
        headers->push_back({ m->unit, m->file });   /* moved */
        m->unit = lga_header{};
    }
    for (auto &m : met) {
        lga_end(m->core);
        lga_header_free(&m->unit);
    }
    return rc;
}
