/*
 * walk.cpp — clang's AST → facts, the in-compiler twin of the libclang walk
 * in plugin/frontend/frontend.c.  Invariant: for the same file and flags,
 * both walks produce the same facts, so the same C rules give the same
 * findings (tests/plugin checks it over every fixture and example).  To keep
 * it so, each helper here carries the name of its libclang twin and asks
 * clang exactly what libclang's cursor functions ask it: "unexposed"
 * expressions are those libclang reports as CXCursor_UnexposedExpr, extents
 * are libclang's token-extended ranges, locations are expansion locations.
 * No rule logic lives here.
 */
#include "walk.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace clang;

namespace {

struct LocalVar {
    const Decl *decl;     /* the VarDecl */
    lgf_origin origin;    /* where its value comes from */
    lgf_place alias;      /* the long-lived place it stands for, kind NONE if none */
    lgf_place invoked;    /* the list whose item it holds (lg_list_get), kind NONE if none */
    long long size;       /* bytes when it holds lg_buffer(N); -1 */
};

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

class Walker : public RecursiveASTVisitor<Walker> {
public:
    Walker(ASTContext &ctx, lgf_facts *facts)
        : ctx_(ctx), sm_(ctx.getSourceManager()), facts_(facts)
    {
        FileID main = sm_.getMainFileID();
        main_ = sm_.getFileEntryForID(main);
        llvm::StringRef buf = sm_.getBufferData(main);
        src_ = buf.data();
        srclen_ = buf.size();
    }

    void walk_top()
    {
        for (Decl *d : ctx_.getTranslationUnitDecl()->decls()) {
            if (d->isImplicit() || !sm_.isWrittenInMainFile(d->getLocation()))
                continue;                       /* headers: nothing of ours */
            if (auto *fd = dyn_cast<FunctionDecl>(d)) {
                if (fd->isThisDeclarationADefinition())
                    on_function(fd);
                continue;
            }
            TraverseDecl(d);
        }
    }

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
        on_call(c);
        return true;
    }

    bool VisitBinaryOperator(BinaryOperator *b)
    {
        if (!isa<CompoundAssignOperator>(b))
            on_assign(b);
        return true;
    }

private:
    ASTContext &ctx_;
    SourceManager &sm_;
    lgf_facts *facts_;
    const FileEntry *main_;             /* the main file */
    const char *src_;                   /* its text */
    size_t srclen_;
    int func_ = -1;                     /* current function, -1 outside */
    const ParmVarDecl *self_ = nullptr; /* its first parameter when an lg_object * */
    std::vector<const ParmVarDecl *> params_; /* its parameters */
    std::vector<LocalVar> locals_;      /* its locals */
    size_t first_call_ = 0, first_site_ = 0; /* facts added since it began */

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

    /* Strips parentheses, implicit conversions and casts (unwrap). */
    const Expr *unwrap(const Expr *e)
    {
        e = cursor_of(e);
        for (int guard = 0; guard < 32; guard++) {
            if (!isa<ParenExpr>(e) && !isa<CStyleCastExpr>(e) && !unexposed(e))
                return e;
            const Expr *inner = last_expr(e);
            if (inner == nullptr)
                return e;
            e = inner;
        }
        return e;
    }

    /* Byte offset in the main file of a location, or -1 (file_offset). */
    long file_offset(SourceLocation loc)
    {
        if (loc.isInvalid())
            return -1;
        std::pair<FileID, unsigned> d = sm_.getDecomposedLoc(sm_.getFileLoc(loc));
        bool in_main = d.first == sm_.getMainFileID()
                       || (main_ != nullptr && sm_.getFileEntryForID(d.first) == main_);
        if (d.first.isInvalid() || !in_main || d.second > srclen_)
            return -1;
        return (long)d.second;
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

    /* The source text of e's extent (norm_text: lgf_source_text). */
    const char *norm_text(const Expr *e)
    {
        long s, end;
        extent(e, &s, &end);
        return lgf_source_text(facts_, src_, srclen_, s, end);
    }

    std::string callee_name(const CallExpr *c)
    {
        return spelling(decl_of(c));
    }

    /* A constant integer value of e, or -1 (const_int: clang_Cursor_Evaluate). */
    long long const_int(const Expr *e)
    {
        e = cursor_of(e)->IgnoreParens();
        Expr::EvalResult r;
        if (e->isValueDependent() || !e->EvaluateAsRValue(r, ctx_) || !r.Val.isInt())
            return -1;
        const llvm::APSInt &v = r.Val.getInt();
        if (v.getBitWidth() > 64)
            return -1;
        return v.isUnsigned() ? (long long)v.getZExtValue() : (long long)v.getExtValue();
    }

    /* ---- places and origins */

    int param_index(const Decl *d)
    {
        for (size_t i = 0; i < params_.size(); i++)
            if (params_[i] == d)
                return (int)i;
        return -1;
    }

    LocalVar *find_local(const Decl *d)
    {
        for (size_t i = locals_.size(); i-- > 0;)
            if (locals_[i].decl == d)
                return &locals_[i];
        return nullptr;
    }

    const char *scoped_key(const std::string &name)
    {
        const char *fn = func_ >= 0 ? facts_->functions[func_].name : "";
        return dup(std::string(fn) + "::" + name);
    }

    lgf_place place_of(const Expr *e)
    {
        lgf_place p = { LGF_PLACE_NONE, nullptr, func_, -1, 0 };
        e = unwrap(e);
        if (const auto *as = dyn_cast<ArraySubscriptExpr>(e))
            return place_of(as->getLHS());
        if (const auto *me = dyn_cast<MemberExpr>(e)) {
            const ValueDecl *field = me->getMemberDecl();
            std::string type;
            if (const auto *rec = dyn_cast<TypeDecl>(cast<Decl>(field->getDeclContext())))
                type = type_spelling(ctx_.getTypeDeclType(rec));
            p.kind = LGF_PLACE_FIELD;
            p.key = dup(type + "." + spelling(field));
            const Expr *base = unwrap(me->getBase());
            if (const auto *dr = dyn_cast<DeclRefExpr>(base)) {
                LocalVar *lv = find_local(dr->getDecl());
                p.owner_fresh = lv != nullptr && lv->origin == LGF_ORIGIN_FRESH;
            }
            return p;
        }
        const auto *dr = dyn_cast<DeclRefExpr>(e);
        if (dr == nullptr)
            return p;
        const ValueDecl *d = dr->getDecl();
        std::string name = spelling(d);
        if (isa<ParmVarDecl>(d)) {
            p.kind = LGF_PLACE_PARAM;
            p.param = param_index(d);
            p.key = scoped_key(name);
            if (p.param < 0)
                p.kind = LGF_PLACE_NONE;
            return p;
        }
        const auto *vd = dyn_cast<VarDecl>(d);
        if (vd == nullptr)
            return p;
        bool is_static = vd->getStorageClass() == SC_Static;
        if (is_function_scope(vd)) {
            if (is_static) {
                p.kind = LGF_PLACE_STATIC;
                p.key = scoped_key(name);
                return p;
            }
            LocalVar *lv = find_local(vd);
            if (lv != nullptr && lv->alias.kind != LGF_PLACE_NONE)
                return lv->alias;
            p.kind = LGF_PLACE_LOCAL;
            p.key = scoped_key(name);
            p.param = lv ? (int)(lv - locals_.data()) : -1;
            return p;
        }
        p.kind = is_static ? LGF_PLACE_STATIC : LGF_PLACE_GLOBAL;
        p.key = dup(name);
        p.func = -1;
        return p;
    }

    /* The list whose item e holds (invoked_of). */
    lgf_place invoked_of(const Expr *e)
    {
        lgf_place none = { LGF_PLACE_NONE, nullptr, -1, -1, 0 };
        e = unwrap(e);
        if (const auto *c = dyn_cast<CallExpr>(e); c && c->getNumArgs() >= 1) {
            std::string name = callee_name(c);
            if (lgf_api_of(name.c_str()) == LGF_LIST_GET)
                return place_of(c->getArg(0));
            if (name.compare(0, 14, "lg_weakref_get") == 0 || name.compare(0, 9, "lg_retain") == 0)
                return invoked_of(c->getArg(0));
            return none;
        }
        if (const auto *dr = dyn_cast<DeclRefExpr>(e)) {
            LocalVar *lv = find_local(dr->getDecl());
            if (lv != nullptr)
                return lv->invoked;
        }
        return none;
    }

    lgf_origin origin_of(const Expr *e, long long *size)
    {
        if (size)
            *size = -1;
        e = unwrap(e);
        if (isa<GNUNullExpr>(e) || (isa<IntegerLiteral>(e) && const_int(e) == 0))
            return LGF_ORIGIN_NULL;
        if (const auto *c = dyn_cast<CallExpr>(e)) {
            std::string name = callee_name(c);
            if (name == "lg_weakref" || name == "lg_weakref_at")
                return LGF_ORIGIN_WEAKREF;
            if (name == "lg_retain" && c->getNumArgs() >= 1)
                return origin_of(c->getArg(0), size);
            if (lgf_is_constructor(name.c_str())) {
                if (size && name.compare(0, 9, "lg_buffer") == 0 && c->getNumArgs() >= 1)
                    *size = const_int(c->getArg(0));
                return LGF_ORIGIN_FRESH;
            }
            return LGF_ORIGIN_OUTSIDE;
        }
        if (isa<MemberExpr>(e))
            return LGF_ORIGIN_OUTSIDE;
        if (const auto *dr = dyn_cast<DeclRefExpr>(e)) {
            const ValueDecl *d = dr->getDecl();
            if (isa<ParmVarDecl>(d))
                return LGF_ORIGIN_PARAM;
            if (!isa<VarDecl>(d))
                return LGF_ORIGIN_UNKNOWN;
            LocalVar *lv = find_local(d);
            if (lv != nullptr) {
                if (size)
                    *size = lv->size;
                return lv->origin;
            }
            return is_function_scope(d) ? LGF_ORIGIN_UNKNOWN : LGF_ORIGIN_OUTSIDE;
        }
        return LGF_ORIGIN_UNKNOWN;
    }

    lgf_value value_of(const Expr *e)
    {
        lgf_value v;
        v.text = norm_text(unwrap(e));
        v.origin = origin_of(e, &v.size);
        return v;
    }

    /* ---- self escapes */

    bool is_self(const Expr *e)
    {
        e = unwrap(e);
        const auto *dr = dyn_cast<DeclRefExpr>(e);
        return self_ != nullptr && dr != nullptr && dr->getDecl() == self_;
    }

    void note_self_args(const CallExpr *call, lgf_api api)
    {
        if (func_ < 0)
            return;
        for (unsigned i = 0; i < call->getNumArgs(); i++)
            if (is_self(call->getArg(i)) && !(api == LGF_CLOSURE_CAPTURE && i == 0))
                facts_->functions[func_].self_escapes = 1;
    }

    /* ---- locals */

    /* The local now holds the value of e (assign_local, step for step: the
     * origin is set before the place is read, as there). */
    void assign_local(size_t idx, const Expr *e)
    {
        long long size;
        lgf_origin origin = origin_of(e, &size);
        locals_[idx].origin = origin;
        locals_[idx].size = size;
        lgf_place p = place_of(e);
        if (lgf_place_long_lived(&p) || p.kind == LGF_PLACE_PARAM)
            locals_[idx].alias = p;
        lgf_place inv = invoked_of(e);
        if (inv.kind != LGF_PLACE_NONE)
            locals_[idx].invoked = inv;
        if (is_self(e) && func_ >= 0)
            facts_->functions[func_].self_escapes = 1;
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

    void on_var(const VarDecl *d)
    {
        if (func_ < 0 || !is_function_scope(d) || d->getStorageClass() == SC_Static)
            return;
        LocalVar lv = { d, LGF_ORIGIN_UNKNOWN, {}, {}, -1 };
        locals_.push_back(lv);
        const Expr *init = d->getInit();
        if (init == nullptr && d->getTypeSourceInfo() != nullptr)
            init = last_size(d->getTypeSourceInfo()->getTypeLoc());
        if (init != nullptr)
            assign_local(locals_.size() - 1, cursor_of(init));
    }

    /* `lhs = rhs` on object pointers (on_assign). */
    void on_assign(const BinaryOperator *b)
    {
        QualType t = b->getType().getCanonicalType();
        if (!isa<PointerType>(t.getTypePtr()) || func_ < 0)
            return;
        const Expr *lhs = cursor_of(b->getLHS()), *rhs = cursor_of(b->getRHS());
        const Expr *l = unwrap(lhs), *r = unwrap(rhs);
        if (const auto *dl = dyn_cast<DeclRefExpr>(l)) {
            if (LocalVar *lv = find_local(dl->getDecl())) {
                assign_local((size_t)(lv - locals_.data()), rhs);
                return;
            }
        }
        if (const auto *dr = dyn_cast<DeclRefExpr>(r)) {
            LocalVar *lv = find_local(dr->getDecl());
            lgf_place p = place_of(lhs);
            if (lv != nullptr && lgf_place_long_lived(&p))
                lv->alias = p;           /* the local container escapes into p */
        }
        if (is_self(rhs))
            facts_->functions[func_].self_escapes = 1;
    }

    /* ---- calls */

    void position(SourceLocation loc, unsigned *line, unsigned *col)
    {
        *line = *col = 0;
        if (loc.isInvalid())
            return;
        SourceLocation ex = sm_.getExpansionLoc(loc);
        *line = sm_.getExpansionLineNumber(ex);
        *col = sm_.getExpansionColumnNumber(ex);
    }

    /* Where libclang puts a call's cursor (getLocationFromExpr). */
    static SourceLocation call_location(const CallExpr *c)
    {
        return c->getBeginLoc();
    }

    /* The callee as written at the call (written_name). */
    const char *written_name(const CallExpr *call, const std::string &fallback)
    {
        SourceLocation loc = call_location(call);
        if (loc.isInvalid())
            return dup(fallback);
        std::pair<FileID, unsigned> d = sm_.getDecomposedLoc(sm_.getExpansionLoc(loc));
        const char *name = sm_.getFileEntryForID(d.first)
                               ? lgf_source_word(facts_, src_, srclen_, d.second) : nullptr;
        return name ? name : dup(fallback);
    }

    void on_other_call(const CallExpr *call, const std::string &name)
    {
        if (name.empty() || name.compare(0, 3, "lg_") == 0)
            return;
        unsigned n = call->getNumArgs();
        size_t idx = facts_->ncallsites;
        if (lgf_add_callsite(facts_) == nullptr)
            return;
        lgf_place *args = n > 0 ? (lgf_place *)lgf_alloc(facts_, n * sizeof *args) : nullptr;
        for (unsigned i = 0; i < n && args != nullptr; i++)
            args[i] = place_of(call->getArg(i));
        lgf_callsite *cs = &facts_->callsites[idx];
        cs->callee = dup(name);
        cs->func = func_;
        cs->nargs = args ? n : 0;
        cs->args = args;
    }

    void on_closure(size_t idx, const CallExpr *call, unsigned off)
    {
        unsigned n = call->getNumArgs();
        if (n < off + 2)
            return;
        const char *fn = nullptr;
        if (const auto *dr = dyn_cast<DeclRefExpr>(unwrap(call->getArg(off))))
            if (isa<FunctionDecl>(dr->getDecl()))
                fn = dup(spelling(dr->getDecl()));
        size_t ncap = n - off - 2;
        lgf_value *caps = ncap ? (lgf_value *)lgf_alloc(facts_, ncap * sizeof *caps) : nullptr;
        if (caps == nullptr)
            ncap = 0;
        for (size_t i = 0; i < ncap; i++)
            caps[i] = value_of(call->getArg(off + 2 + (unsigned)i));
        lgf_call *c = &facts_->calls[idx];
        c->fn = fn;
        c->ncaptures = ncap;
        c->captures = caps;
    }

    void on_call(const CallExpr *call)
    {
        std::string name = callee_name(call);
        lgf_api api = lgf_api_of(name.c_str());
        note_self_args(call, api);
        if (api == LGF_OTHER) {
            on_other_call(call, name);
            return;
        }
        bool at = name.size() > 3 && name.compare(name.size() - 3, 3, "_at") == 0;
        unsigned off = api == LGF_CLOSURE && at ? 2 : 0;
        unsigned n = call->getNumArgs();
        size_t idx = facts_->ncalls;
        if (lgf_add_call(facts_) == nullptr)
            return;
        /* everything below may allocate in the arena, never in calls[] */
        unsigned line, column;
        position(call_location(call), &line, &column);
        const char *callee = written_name(call, name);
        const char *text = norm_text(call);
        lgf_call *c = &facts_->calls[idx];
        c->api = api;
        c->func = func_;
        c->index = -1;
        c->line = line;
        c->column = column;
        c->callee = callee;
        c->text = text;
        c->item.size = -1;
        if (api == LGF_CLOSURE) {
            on_closure(idx, call, off);
            return;
        }
        if (api == LGF_CALL) {
            if (n >= 1) {
                lgf_place inv = invoked_of(call->getArg(0));
                facts_->calls[idx].invoked = inv;
            }
            return;
        }
        if (n >= 1) {
            lgf_place p = place_of(call->getArg(0));
            facts_->calls[idx].container = p;
        }
        if (api == LGF_CLOSURE_CAPTURE) {
            if (n >= 2) {
                long long v = const_int(call->getArg(1));
                facts_->calls[idx].index = v;
            }
            return;
        }
        unsigned item = api == LGF_DICT_SET ? 2 : 1;
        if (n > item) {
            lgf_value v = value_of(call->getArg(item));
            facts_->calls[idx].item = v;
        }
    }

    /* ---- functions */

    /* Re-points a place that named a local container at its alias (patched). */
    lgf_place patched(lgf_place p)
    {
        if (p.kind == LGF_PLACE_LOCAL && p.func == func_ && p.param >= 0
            && (size_t)p.param < locals_.size() && locals_[p.param].alias.kind != LGF_PLACE_NONE)
            return locals_[p.param].alias;
        return p;
    }

    void end_function()
    {
        for (size_t i = first_call_; i < facts_->ncalls; i++) {
            facts_->calls[i].container = patched(facts_->calls[i].container);
            facts_->calls[i].invoked = patched(facts_->calls[i].invoked);
        }
        for (size_t i = first_site_; i < facts_->ncallsites; i++)
            for (size_t j = 0; j < facts_->callsites[i].nargs; j++)
                facts_->callsites[i].args[j] = patched(facts_->callsites[i].args[j]);
        locals_.clear();
        params_.clear();
        func_ = -1;
        self_ = nullptr;
    }

    /* 1 when the parameter's type is lg_object * (is_object_pointer). */
    bool is_object_pointer(const ParmVarDecl *d)
    {
        QualType t = d->getTypeSourceInfo() ? d->getTypeSourceInfo()->getType() : d->getType();
        t = t.getCanonicalType();
        const auto *pt = dyn_cast<PointerType>(t.getTypePtr());
        return pt != nullptr
               && type_spelling(pt->getPointeeType().getCanonicalType()) == "struct lg_object";
    }

    void on_function(FunctionDecl *fd)
    {
        size_t idx = facts_->nfunctions;
        if (lgf_add_function(facts_) == nullptr)
            return;
        const char *name = dup(spelling(fd));
        unsigned line, column;
        position(fd->getLocation(), &line, &column);
        lgf_function *fn = &facts_->functions[idx];
        fn->name = name;
        fn->line = line;
        fn->column = column;
        fn->nparams = (int)fd->getNumParams();
        func_ = (int)idx;
        for (unsigned i = 0; i < fd->getNumParams(); i++)
            params_.push_back(fd->getParamDecl(i));
        self_ = !params_.empty() && is_object_pointer(params_[0]) ? params_[0] : nullptr;
        first_call_ = facts_->ncalls;
        first_site_ = facts_->ncallsites;
        for (ParmVarDecl *p : fd->parameters())
            RecursiveASTVisitor<Walker>::TraverseDecl(p);
        TraverseStmt(fd->getBody());
        end_function();
    }
};

} // namespace

int lg_clang_walk(ASTContext &ctx, const char *path, lgf_facts *facts)
{
    lgf_init(facts, path);
    if (facts->path == nullptr)
        return -1;
    Walker w(ctx, facts);
    w.walk_top();
    return 0;
}
