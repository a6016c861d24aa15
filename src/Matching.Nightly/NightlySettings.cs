using Matching.Core.Taxonomy;
using Matching.Data;
using Matching.Scoring;
using Microsoft.Extensions.Configuration;

namespace Matching.Nightly;

/// <summary>
/// The same settings as the API: <c>appsettings.json</c> beside the program, <c>appsettings.{DOTNET_ENVIRONMENT}.json</c>,
/// then environment variables (<c>Database__Provider</c>, <c>ConnectionStrings__Matching</c>, <c>Scoring__…</c>, <c>Reextraction__…</c>,
/// <c>MATCHING_WEBHOOK_SECRET</c>, <c>Taxonomy__Path</c>).
/// </summary>
internal sealed class NightlySettings
{
    private NightlySettings(IConfiguration configuration) => Configuration = configuration;

    public IConfiguration Configuration { get; }

    public static NightlySettings Load(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();
        return new NightlySettings(configuration);
    }

    /// <summary>
    /// The API's database (<see cref="DatabaseSettings"/>): without a connection string, the API's SQLite file, found from
    /// the repository root or this program's folder. A SQLite file that does not exist is an error unless <paramref name="create"/>.
    /// Throws <see cref="ArgumentException"/> for a setting that is wrong.
    /// </summary>
    public DatabaseOptions Database(bool create = false)
    {
        var options = DatabaseSettings.Read(Configuration,
            DatabaseSettings.ApiDefaultSqliteFile(Directory.GetCurrentDirectory(), AppContext.BaseDirectory));
        DatabaseSettings.RequireExisting(options, create);
        return options;
    }

    public ScoringSettings Scoring() =>
        Configuration.GetSection(ScoringSettings.Section).Get<ScoringSettings>() ?? new ScoringSettings();

    public ReextractionSettings Reextraction() =>
        Configuration.GetSection(ReextractionSettings.Section).Get<ReextractionSettings>() ?? new ReextractionSettings();

    public string? WebhookSecret => Configuration[ScoringSettings.WebhookSecretVariable];

    public SkillTaxonomy Taxonomy() =>
        SkillTaxonomy.LoadFile(DatabaseSettings.TaxonomyFile(Configuration));
}
