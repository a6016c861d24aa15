using Matching.Core.Taxonomy;
using Matching.Data;
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

    /// <summary>Throws <see cref="ArgumentException"/> for a setting that is wrong.</summary>
    public DatabaseOptions Database()
    {
        var providerText = Configuration["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
            throw new ArgumentException($"Database:Provider must be Sqlite or Postgres, not '{providerText}'.");
        var connection = Configuration.GetConnectionString("Matching");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new ArgumentException("Database:Provider is Postgres but ConnectionStrings:Matching is not set.");
            connection = $"Data Source={Path.Combine(Directory.GetCurrentDirectory(), "data", "matching.db")}";
        }
        return new DatabaseOptions(provider, connection);
    }

    public ScoringSettings Scoring() =>
        Configuration.GetSection(ScoringSettings.Section).Get<ScoringSettings>() ?? new ScoringSettings();

    public ReextractionSettings Reextraction() =>
        Configuration.GetSection(ReextractionSettings.Section).Get<ReextractionSettings>() ?? new ReextractionSettings();

    public string? WebhookSecret => Configuration[ScoringSettings.WebhookSecretVariable];

    public SkillTaxonomy Taxonomy() =>
        SkillTaxonomy.LoadFile(Configuration["Taxonomy:Path"] is { Length: > 0 } path ? path : SkillTaxonomy.LocateDefaultFile());
}
