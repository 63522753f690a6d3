/*
 * plugin.cpp — linger inside clang: `clang -fplugin=liblinger-plugin.so`.
 * The action runs before the compiler's own (code generation, or
 * -fsyntax-only) on the AST clang has already built: the walk (walk.cpp)
 * turns it into facts, the C side (core.c) runs the same rules and
 * suppressions as `linger check` and stores the findings, and this file
 * reports them through clang's diagnostics engine — real compiler warnings,
 * with source line, caret, fix-it and notes, or errors with
 * -fplugin-arg-linger-werror.  A translation unit with errors is left alone,
 * as `linger check` does.
 *
 * Arguments (-fplugin-arg-linger-ARG): werror, db=PATH, rules=LIST,
 * model=NAME|PATH, no-default-model, help.  LINGER_DB names the database
 * when db= is not given; LINGER_MODELS adds models, and so do the project's
 * .linger/models/NAME.yaml (found from the main file's folder upward);
 * LINGER_DISABLE=1 turns the plugin off.
 */
#include "core.h"
#include "walk.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace clang;

namespace {

const char usage[] =
    "linger clang plugin: -fplugin=liblinger-plugin.so [-fplugin-arg-linger-ARG]...\n"
    "  werror        findings are errors (the compile fails), not warnings\n"
    "  db=PATH       also store the findings in the findings database PATH\n"
    "                (default: $LINGER_DB when set)\n"
    "  rules=LIST    comma list; -name disables a rule, name enables only those\n"
    "  model=NAME|PATH  add an API model (repeatable): a shipped one or a file\n"
    "  no-default-model do not load the 'linger' model\n"
    "  help          this text\n"
    "LINGER_MODELS=A:B adds models; so do .linger/models/*.yaml above the source.\n"
    "LINGER_DISABLE=1 in the environment turns the plugin off.\n";

struct Options {
    bool werror = false;        /* findings are errors */
    std::vector<std::string> models; /* model=NAME|PATH, in order */
    bool no_default_model = false;   /* no-default-model */
    std::string db;             /* findings database, "" for none */
    std::vector<int> enabled;   /* per rule; empty: all */
};

class Consumer : public ASTConsumer {
public:
    Consumer(CompilerInstance &ci, Options opts) : ci_(ci), opts_(std::move(opts)) {}

    void HandleTranslationUnit(ASTContext &ctx) override
    {
        DiagnosticsEngine &diags = ci_.getDiagnostics();
        if (diags.hasErrorOccurred())
            return;                           /* broken code: clang has said why */
        SourceManager &sm = ctx.getSourceManager();
        const FileEntry *fe = sm.getFileEntryForID(sm.getMainFileID());
        std::string path = fe ? fe->getName().str() : "<stdin>";
        bool real_file = fe != nullptr && path != "<stdin>" && path != "-";
        llvm::StringRef src = sm.getBufferData(sm.getMainFileID());

        std::string dir = path;
        size_t slash = dir.rfind('/');
        dir = slash == std::string::npos ? std::string(".") : slash == 0 ? std::string("/")
                                                                          : dir.substr(0, slash);
        std::vector<const char *> specs;
        for (const std::string &m : opts_.models)
            specs.push_back(m.c_str());
        char merr[1024];
        lgm_set *models = lgm_set_standard(opts_.no_default_model, specs.data(), specs.size(),
                                           real_file ? dir.c_str() : nullptr, merr, sizeof merr);
        if (models == nullptr) {              /* a bad model is the build's error */
            diags.Report(diags.getCustomDiagID(DiagnosticsEngine::Error, "linger: %0")) << merr;
            return;
        }
        lgf_facts facts;
        std::vector<lg_clang_header> headers;
        int rc = lg_clang_walk(ctx, path.c_str(), models, &facts, &headers);
        if (rc < 0) {
            lgf_free(&facts);
            free_headers(headers);
            lgm_set_free(models);
            report_problem("linger: analysis skipped: out of memory");
            return;
        }
        /* the compile's units: its translation unit, then the project's headers */
        std::vector<lg_index_unit> units;
        std::vector<FileID> files;
        units.push_back({ path.c_str(), &facts, src.data(), src.size() });
        files.push_back(sm.getMainFileID());
        for (lg_clang_header &h : headers) {
            units.push_back({ h.unit.path, &h.unit.facts, h.unit.source, h.unit.source_len });
            files.push_back(h.file);
        }
        std::vector<lg_findings> found(units.size(), lg_findings{});
        const int *enabled = opts_.enabled.empty() ? nullptr : opts_.enabled.data();
        if (!opts_.db.empty() && !real_file)
            report_problem("linger: findings not stored: standard input is not a file");
        if (!opts_.db.empty() && real_file) {      /* judged with the project's index */
            char err[600];
            char *notes = nullptr;
            if (lg_plugin_judge_indexed(opts_.db.c_str(), units.data(), units.size(), models,
                                        enabled, found.data(), &notes, err, sizeof err) < 0)
                report_problem(std::string("linger: findings not stored: ") + err);
            if (notes != nullptr)
                report_problem(std::string("linger: ") + notes);
            free(notes);
        } else {
            lg_plugin_analyze(units.data(), units.size(), enabled, found.data());
        }
        lgf_free(&facts);                          /* its calls point into the models */
        free_headers(headers);
        lgm_set_free(models);
        for (size_t i = 0; i < found.size(); i++) {
            if (opts_.werror || !diags.getIgnoreAllWarnings())
                report(sm, files[i], found[i]);
            lg_findings_free(&found[i]);
        }
    }

private:
    CompilerInstance &ci_;
    Options opts_;

    void report_problem(const std::string &what)
    {
        DiagnosticsEngine &diags = ci_.getDiagnostics();
        diags.Report(diags.getCustomDiagID(DiagnosticsEngine::Warning, "%0")) << what;
    }

    static void free_headers(std::vector<lg_clang_header> &headers)
    {
        for (lg_clang_header &h : headers)
            lga_header_free(&h.unit);
        headers.clear();
    }

    /* The findings of file (the main file, or a header): its line and column. */
    void report(SourceManager &sm, FileID file, const lg_findings &found)
    {
        auto at = [&](unsigned line, unsigned column) {
            return sm.translateLineCol(file, line, column);
        };
        DiagnosticsEngine &diags = ci_.getDiagnostics();
        unsigned finding = diags.getCustomDiagID(
            opts_.werror ? DiagnosticsEngine::Error : DiagnosticsEngine::Warning, "%0 [%1]");
        unsigned note = diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
        for (size_t i = 0; i < found.n; i++) {
            const lg_finding &f = found.v[i];
            SourceLocation loc = at(f.line, f.column);
            {
                DiagnosticBuilder d = diags.Report(loc, finding);
                d << f.message << f.rule;
                d << CharSourceRange::getCharRange(loc, loc.getLocWithOffset((int)f.length));
                if (f.fixit != nullptr) {
                    SourceLocation fl = at(f.fixit->line, f.fixit->column);
                    d << FixItHint::CreateReplacement(
                        CharSourceRange::getCharRange(fl, fl.getLocWithOffset((int)f.fixit->length)),
                        f.fixit->replacement);
                }
            }
            for (size_t j = 0; j < f.nnotes; j++)
                diags.Report(at(f.notes[j].line, f.notes[j].column), note) << f.notes[j].message;
            if (f.runtime != nullptr)
                diags.Report(loc, note) << f.runtime;
        }
    }
};

class Action : public PluginASTAction {
protected:
    std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &ci, llvm::StringRef) override
    {
        const char *off = getenv("LINGER_DISABLE");
        if (off != nullptr && *off && strcmp(off, "0") != 0)
            return std::make_unique<ASTConsumer>();
        Options o = opts_;
        const char *env = getenv("LINGER_DB");
        if (!db_given_ && env != nullptr)
            o.db = env;
        return std::make_unique<Consumer>(ci, std::move(o));
    }

    bool ParseArgs(const CompilerInstance &ci, const std::vector<std::string> &args) override
    {
        DiagnosticsEngine &diags = ci.getDiagnostics();
        for (const std::string &arg : args) {
            if (arg == "werror") {
                opts_.werror = true;
            } else if (arg.compare(0, 3, "db=") == 0) {
                if (arg.size() == 3)
                    return bad(diags, "db= needs a path (-fplugin-arg-linger-db=PATH)");
                opts_.db = arg.substr(3);
                db_given_ = true;
            } else if (arg.compare(0, 6, "rules=") == 0) {
                opts_.enabled.assign(lg_rule_count() + 1, 0);
                char err[256];
                if (lg_rules_select(arg.c_str() + 6, opts_.enabled.data(), err, sizeof err) < 0)
                    return bad(diags, std::string("rules=: ") + err);
            } else if (arg.compare(0, 6, "model=") == 0) {
                if (arg.size() == 6)
                    return bad(diags, "model= needs a shipped model's name or a model file "
                                      "(-fplugin-arg-linger-model=NAME|PATH)");
                opts_.models.push_back(arg.substr(6));
            } else if (arg == "no-default-model") {
                opts_.no_default_model = true;
            } else if (arg == "help") {
                llvm::errs() << usage;
            } else {
                return bad(diags, "unknown argument '" + arg
                                      + "' (known: werror, db=PATH, rules=LIST, model=NAME|PATH, "
                                        "no-default-model, help)");
            }
        }
        return true;
    }

    ActionType getActionType() override
    {
        return AddBeforeMainAction;
    }

private:
    Options opts_;
    bool db_given_ = false;   /* db= was given (it wins over LINGER_DB) */

    static bool bad(DiagnosticsEngine &diags, const std::string &what)
    {
        diags.Report(diags.getCustomDiagID(DiagnosticsEngine::Error, "linger plugin: %0")) << what;
        return false;
    }
};

} // namespace

static FrontendPluginRegistry::Add<Action> linger_plugin("linger", "report linger findings");
