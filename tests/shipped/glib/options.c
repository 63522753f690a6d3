/* options.c — command-line parsing with GOptionContext.  The lists the
 * option callbacks and a group's parse hooks fill grow once per option the
 * command line gives, while g_option_context_parse runs at start: nothing
 * here is flagged for them.  The same kind of list filled by a function
 * that runs on every request (process_request) does grow over the run. */
#include <glib-object.h>

typedef struct {
    GSList *names;        /* --name options, in order */
    GSList *columns;      /* from --column, after parsing */
    GSList *requests;     /* every request's name, for ever */
} Settings;

static Settings *settings;
static gchar **column_args;
static GList *errors_seen;

static gboolean on_name(const gchar *option, const gchar *value, gpointer data, GError **error)
{
    (void)option, (void)data, (void)error;
    settings->names = g_slist_append(settings->names, g_strdup(value));
    return TRUE;
}

static gboolean on_post_parse(GOptionContext *ctx, GOptionGroup *group, gpointer data,
                              GError **error)
{
    (void)ctx, (void)group, (void)data, (void)error;
    for (int i = 0; column_args != NULL && column_args[i] != NULL; i++)
        settings->columns = g_slist_append(settings->columns, column_args[i]);
    return TRUE;
}

static void on_parse_error(GOptionContext *ctx, GOptionGroup *group, gpointer data,
                           GError **error)
{
    (void)ctx, (void)group, (void)data;
    errors_seen = g_list_prepend(errors_seen, g_strdup((*error)->message));
}

static gboolean on_verbose(const gchar *option, const gchar *value, gpointer data, GError **error)
{
    (void)option, (void)value, (void)data, (void)error;
    settings->names = g_slist_prepend(settings->names, g_strdup("verbose"));
    return TRUE;
}

static GOptionEntry main_entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_CALLBACK, (gpointer)on_name, "a name", "NAME" },
    { "column", 0, 0, G_OPTION_ARG_STRING_ARRAY, &column_args, "a column", "TEXT" },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static GOptionEntry group_entries[] = {
    { "verbose", 'v', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)on_verbose, "more", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
};

int parse_options(int *argc, char ***argv)
{
    GOptionContext *ctx = g_option_context_new("- an example");
    g_option_context_add_main_entries(ctx, main_entries, NULL);
    GOptionGroup *group = g_option_group_new("extra", "extra", "extra options", NULL, NULL);
    g_option_group_add_entries(group, group_entries);
    g_option_group_set_parse_hooks(group, NULL, on_post_parse);
    g_option_group_set_error_hook(group, on_parse_error);
    g_option_context_add_group(ctx, group);
    settings = g_new0(Settings, 1);
    gboolean ok = g_option_context_parse(ctx, argc, argv, NULL);
    g_option_context_free(ctx);
    return ok;
}

/* runs once per request, for as long as the program serves them */
void process_request(const gchar *name)
{
    settings->requests = g_slist_append(settings->requests, g_strdup(name)); /* expect: unbounded-cache @g_slist_append */
}
