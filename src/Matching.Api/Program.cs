using FastEndpoints;
using FastEndpoints.Swagger;
using FluentValidation;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Matching.Data;
using Microsoft.AspNetCore.Authentication;
using NSwag;

// `dotnet Matching.Api.dll --healthcheck [url]`: the container's health check (the image has no curl).
if (HealthProbe.IsRequested(args)) return await HealthProbe.RunAsync(args);
// A start-up error the operator must fix ends the process with one line on stderr and a distinct exit code.
FatalErrors.ExitOnOneLine();

var builder = WebApplication.CreateBuilder(args);
var config = builder.Configuration;

// Keys: refuse to start in Production without one; elsewhere make a throwaway development key.
var keys = StartupException.Step(ExitCodes.BadSetting, "Auth:Keys", () => ApiKeyRegistry.FromConfiguration(config));
if (keys.IsEmpty)
{
    if (builder.Environment.IsProduction())
        throw new StartupException(
            "No API key is configured. Set MATCHING_API_KEY (an admin key) or Auth:Keys before starting in Production.", ExitCodes.NoApiKey);
    keys = DevelopmentKey.Create(builder.Environment.ContentRootPath);
}
builder.Services.AddSingleton(keys);

var limits = StartupException.Step(ExitCodes.BadSetting, "Limits", () => config.GetSection("Limits").Get<ApiLimits>() ?? new ApiLimits());
if (limits.RequestTimeoutSeconds is < 1 or > 3600)
    throw new StartupException($"Limits:RequestTimeoutSeconds must be 1 to 3600, not {limits.RequestTimeoutSeconds}.", ExitCodes.BadSetting);
if (limits.MaxMatchCells < 1)
    throw new StartupException($"Limits:MaxMatchCells must be at least 1, not {limits.MaxMatchCells}.", ExitCodes.BadSetting);
builder.Services.AddSingleton(limits);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
    // Kestrel answers over these with a bare status; RequestGuard answers the documented (lower) limits with a problem.
    k.Limits.MaxRequestLineSize = Math.Max(KestrelHardLimits.RequestLineBytes, limits.MaxUrlChars + 1024);
    k.Limits.MaxRequestHeadersTotalSize = Math.Max(KestrelHardLimits.RequestHeadersBytes, limits.MaxRequestHeadersBytes + 1024);
    k.Limits.MaxRequestHeaderCount = Math.Max(KestrelHardLimits.RequestHeaderCount, limits.MaxRequestHeaderCount + 1);
});
var http = StartupException.Step(ExitCodes.BadSetting, "Cors, Compression", () => HttpSettings.From(config));

// Quotas per key (RateLimits), metrics and traces (Telemetry), console log format (Logging:Format).
var rateLimits = StartupException.Step(ExitCodes.BadSetting, RateLimitSettings.Section, () => RateLimitSettings.Load(config));
builder.Services.AddApiRateLimits(rateLimits);
var telemetry = StartupException.Step(ExitCodes.BadSetting, TelemetrySettings.Section, () => TelemetrySettings.Load(config));
var otlp = StartupException.Step(ExitCodes.BadSetting, "Telemetry:OtlpEndpoint", () => telemetry.ResolveOtlpEndpoint(config));
builder.Services.AddTelemetry(telemetry, otlp);
StartupException.Step(ExitCodes.BadSetting, "Logging:Format", () => builder.Logging.UseConfiguredConsoleFormat(config, builder.Environment));

// Core: the shipped taxonomy and its extractor are built now; the customer's changes (the overlay in the database) are
// applied on top by TaxonomyHolder, which swaps in a new snapshot whenever any replica changes the taxonomy. A request
// takes one snapshot (scoped) for its whole run.
var shipped = StartupException.Step(ExitCodes.BadDataFile, "Taxonomy",
    () => ShippedTaxonomy.LoadFile(DatabaseSettings.TaxonomyFile(config, builder.Environment.ContentRootPath)));
builder.Services.AddSingleton(shipped);
// Built now, not on first use: a bad lexicon entry (db/lexicons, or Extraction:LexiconPath) stops the start with a message naming it.
var extractor = StartupException.Step(ExitCodes.BadDataFile, "Extraction:LexiconPath", () => new SkillExtractor(shipped.Taxonomy,
    config["Extraction:LexiconPath"] is { Length: > 0 } lexiconPath ? Lexicon.LoadDirectory(lexiconPath) : Lexicon.Default));
builder.Services.AddTaxonomySnapshots(extractor);
var evidenceCacheMegabytes = StartupException.Step(ExitCodes.BadSetting, "Match:EvidenceCacheMegabytes",
    () => config.GetValue<long?>("Match:EvidenceCacheMegabytes") ?? 256);
if (evidenceCacheMegabytes is < 0 or > 1_048_576)
    throw new StartupException($"Match:EvidenceCacheMegabytes must be 0 (off) to 1048576, not {evidenceCacheMegabytes}.", ExitCodes.BadSetting);
builder.Services.AddSingleton(sp => new EvidenceCache(sp.GetRequiredService<IProfileStore>(), evidenceCacheMegabytes * 1024 * 1024));

// Data: SQLite file under data/ by default, PostgreSQL with Database__Provider=Postgres. Opening connects lazily;
// DatabaseStartup reaches and migrates the database in the background, waiting for it as long as it takes, and
// the match index loads after it.
var resilience = StartupException.Step(ExitCodes.BadSetting, "Database",
    () => config.GetSection("Database").Get<DatabaseResilience>() ?? new DatabaseResilience());
StartupException.Step(ExitCodes.BadSetting, "Database", () => { resilience.Validate(); return resilience; });
builder.Services.AddSingleton(resilience);
var database = StartupException.Step(ExitCodes.BadSetting, "Database settings",
    () => DatabaseSetup.Open(DatabaseSetup.Options(config, builder.Environment.ContentRootPath), resilience));
builder.Services.AddSingleton(_ => database);
// Requests stop waiting for the database at their timeout even when it hangs without answering (RequestBoundStore).
builder.Services.AddSingleton(sp => RequestBoundStore<IProfileStore>.Wrap(sp.GetRequiredService<MatchingDatabase>().Profiles));
builder.Services.AddSingleton(sp => RequestBoundStore<IJobStore>.Wrap(sp.GetRequiredService<MatchingDatabase>().Jobs));
builder.Services.AddSingleton(sp => RequestBoundStore<ICustomFieldStore>.Wrap(sp.GetRequiredService<MatchingDatabase>().CustomFields));
builder.Services.AddSingleton(sp => RequestBoundStore<IDatabaseHealth>.Wrap(sp.GetRequiredService<MatchingDatabase>().Health));
builder.Services.AddSingleton<DatabaseStartup>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseStartup>());
builder.Services.AddHostedService(sp => sp.GetRequiredService<TaxonomyHolder>());
builder.Services.AddHostedService(sp => sp.GetRequiredService<MatchIndexHost>());
builder.Services.AddScoringRuns();
builder.Services.AddReextractions();
builder.Services.AddTaxonomyFollowing();

builder.Services
    .AddAuthentication(ApiKeyDefaults.Scheme)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyDefaults.Scheme, null);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(ApiKeyDefaults.ReadPolicy, p => p.RequireClaim(ApiKeyDefaults.ScopeClaim, "read"))
    .AddPolicy(ApiKeyDefaults.WritePolicy, p => p.RequireClaim(ApiKeyDefaults.ScopeClaim, "write"))
    .AddPolicy(ApiKeyDefaults.AdminPolicy, p => p.RequireClaim(ApiKeyDefaults.ScopeClaim, "admin"));

// Validation errors name fields as clients write them, in the error's name and in its message: questionnaire.format,
// requirements[0].skill, "'topK' must be between 1 and 1000" (not "'Top K'").
ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
{
    var chain = expression is null ? null : FluentValidation.Internal.PropertyChain.FromExpression(expression);
    var path = chain is { Count: > 0 } ? chain.ToString() : member?.Name;
    return path is null ? null : Problems.FieldPath(path);
};
ValidatorOptions.Global.DisplayNameResolver = ValidatorOptions.Global.PropertyNameResolver;

builder.Services.AddHttpManners(http);
builder.Services.AddFastEndpoints();
builder.Services.SwaggerDocument(o =>
{
    o.EnableJWTBearerAuth = false;
    o.DocumentSettings = s =>
    {
        s.DocumentName = OpenApiDocumentInfo.Name;
        s.Title = OpenApiDocumentInfo.Title;
        s.Version = "v1";
        s.Description = OpenApiDocumentInfo.Description;
        OpenApiContract.Configure(s);
        s.AddAuth(ApiKeyDefaults.Scheme, new OpenApiSecurityScheme
        {
            Type = OpenApiSecuritySchemeType.ApiKey,
            Name = ApiKeyDefaults.Header,
            In = OpenApiSecurityApiKeyLocation.Header,
            Description = "An admin, write or read-only key. MATCHING_API_KEY sets the admin key.",
        });
    };
});

var app = builder.Build();

// Outermost: one log line per request with the final status of every answer (problems of the layers below included).
app.UseMiddleware<RequestLogMiddleware>();
app.UseHttpManners(http);
app.UseMetricsEndpoint(telemetry);
app.UseMiddleware<DatabaseUnavailableMiddleware>();
app.UseAuthentication();
app.UseApiRateLimits(rateLimits);
app.UseAuthorization();
app.UseFastEndpoints(c =>
{
    c.Endpoints.NameGenerator = EndpointNames.For;
    ApiJson.Configure(c.Serializer.Options);
    c.Errors.UseProblemResponses(c.Binding);
});
app.UseOpenApi(o =>
{
    o.Path = "/openapi/{documentName}.json";
    o.PostProcess = (doc, _) => OpenApiContract.UseRelativeServer(doc);
});
app.UseSwaggerUI(o =>
{
    o.RoutePrefix = "swagger";
    o.SwaggerEndpoint(OpenApiDocumentInfo.Path, "Matching API v1");
    o.DocumentTitle = "Matching API";
    o.EnablePersistAuthorization();
    o.DisplayRequestDuration();
});
app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();

app.Run();
return 0;

public partial class Program;
