using FastEndpoints;
using FastEndpoints.Swagger;
using FluentValidation;
using Matching.Core.Extraction;
using Matching.Core.Taxonomy;
using Matching.Data;
using Microsoft.AspNetCore.Authentication;
using NSwag;

namespace Matching.Api.Infrastructure;

/// <summary>
/// The steps Program.cs takes, in order. Every setting is read and checked in its step, so a bad one stops the start
/// with one line naming it and its exit code (<see cref="StartupException"/>) before anything listens.
/// </summary>
public static class Startup
{
    /// <summary>Who may call: the configured keys; without one, Production refuses to start and elsewhere a development key is made.</summary>
    public static void AddApiKeys(this WebApplicationBuilder builder)
    {
        var keys = StartupException.Step(ExitCodes.BadSetting, "Auth:Keys", () => ApiKeyRegistry.FromConfiguration(builder.Configuration));
        if (keys.IsEmpty)
        {
            if (builder.Environment.IsProduction())
                throw new StartupException(
                    "No API key is configured. Set MATCHING_API_KEY (an admin key) or Auth:Keys before starting in Production.", ExitCodes.NoApiKey);
            keys = DevelopmentKey.Create(builder.Environment.ContentRootPath);
        }
        builder.Services.AddSingleton(keys);
        builder.Services
            .AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyDefaults.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.ReadPolicy, p => p.RequireClaim(ApiKeyDefaults.ScopeClaim, "read"))
            .AddPolicy(ApiKeyDefaults.WritePolicy, p => p.RequireClaim(ApiKeyDefaults.ScopeClaim, "write"))
            .AddPolicy(ApiKeyDefaults.AdminPolicy, p => p.RequireClaim(ApiKeyDefaults.ScopeClaim, "admin"));
    }

    /// <summary>
    /// How much one request may ask and take (Limits), Kestrel's own limits above them, HTTP manners (CORS, compression),
    /// quotas per key (RateLimits), metrics and traces (Telemetry), and the console log format (Logging:Format).
    /// </summary>
    public static WebSettings AddWebSettings(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
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
        builder.Services.AddHttpManners(http);

        var rateLimits = StartupException.Step(ExitCodes.BadSetting, RateLimitSettings.Section, () => RateLimitSettings.Load(config));
        builder.Services.AddApiRateLimits(rateLimits);
        var telemetry = StartupException.Step(ExitCodes.BadSetting, TelemetrySettings.Section, () => TelemetrySettings.Load(config));
        var otlp = StartupException.Step(ExitCodes.BadSetting, "Telemetry:OtlpEndpoint", () => telemetry.ResolveOtlpEndpoint(config));
        builder.Services.AddTelemetry(telemetry, otlp);
        StartupException.Step(ExitCodes.BadSetting, "Logging:Format", () => builder.Logging.UseConfiguredConsoleFormat(config, builder.Environment));
        return new WebSettings(http, rateLimits, telemetry);
    }

    /// <summary>
    /// The shipped taxonomy and its extractor, built now (a bad lexicon entry or taxonomy file stops the start with a
    /// message naming it); the customer's changes (the overlay in the database) are applied on top by TaxonomyHolder,
    /// which swaps in a new snapshot whenever any replica changes the taxonomy. A request takes one snapshot (scoped)
    /// for its whole run. Also the cache of quotes /match explains with.
    /// </summary>
    public static void AddExtraction(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var shipped = StartupException.Step(ExitCodes.BadDataFile, "Taxonomy",
            () => ShippedTaxonomy.LoadFile(DatabaseSettings.TaxonomyFile(config, builder.Environment.ContentRootPath)));
        builder.Services.AddSingleton(shipped);
        var extractor = StartupException.Step(ExitCodes.BadDataFile, "Extraction:LexiconPath", () => new SkillExtractor(shipped.Taxonomy,
            config["Extraction:LexiconPath"] is { Length: > 0 } lexiconPath ? Lexicon.LoadDirectory(lexiconPath) : Lexicon.Default));
        builder.Services.AddTaxonomySnapshots(extractor);
        var evidenceCacheMegabytes = StartupException.Step(ExitCodes.BadSetting, "Match:EvidenceCacheMegabytes",
            () => config.GetValue<long?>("Match:EvidenceCacheMegabytes") ?? 256);
        if (evidenceCacheMegabytes is < 0 or > 1_048_576)
            throw new StartupException($"Match:EvidenceCacheMegabytes must be 0 (off) to 1048576, not {evidenceCacheMegabytes}.", ExitCodes.BadSetting);
        builder.Services.AddSingleton(sp => new EvidenceCache(sp.GetRequiredService<IEvidenceReader>(), evidenceCacheMegabytes * 1024 * 1024));
    }

    /// <summary>
    /// The database (SQLite file under data/ by default, PostgreSQL with Database__Provider=Postgres) and what runs on it.
    /// Opening connects lazily; DatabaseStartup reaches and migrates the database in the background, waiting for it as
    /// long as it takes, and the match index loads after it. Requests stop waiting for the database at their timeout
    /// even when it hangs without answering (RequestBoundStore).
    /// </summary>
    public static void AddStorage(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var resilience = StartupException.Step(ExitCodes.BadSetting, "Database",
            () => config.GetSection("Database").Get<DatabaseResilience>() ?? new DatabaseResilience());
        StartupException.Step(ExitCodes.BadSetting, "Database", () => { resilience.Validate(); return resilience; });
        builder.Services.AddSingleton(resilience);
        var database = StartupException.Step(ExitCodes.BadSetting, "Database settings",
            () => DatabaseSetup.Open(DatabaseSetup.Options(config, builder.Environment.ContentRootPath), resilience));
        var services = builder.Services;
        services.AddSingleton(_ => database);
        services.AddSingleton(sp => RequestBoundStore<IProfileStore>.Wrap(sp.GetRequiredService<MatchingDatabase>().Profiles));
        // Each reader of the profile store depends on the part it uses (writer, reader, the index's feed, evidence).
        services.AddSingleton<IProfileWriter>(sp => sp.GetRequiredService<IProfileStore>());
        services.AddSingleton<IProfileReader>(sp => sp.GetRequiredService<IProfileStore>());
        services.AddSingleton<IProfileFeed>(sp => sp.GetRequiredService<IProfileStore>());
        services.AddSingleton<IEvidenceReader>(sp => sp.GetRequiredService<IProfileStore>());
        services.AddSingleton(sp => RequestBoundStore<IJobStore>.Wrap(sp.GetRequiredService<MatchingDatabase>().Jobs));
        services.AddSingleton(sp => RequestBoundStore<ICustomFieldStore>.Wrap(sp.GetRequiredService<MatchingDatabase>().CustomFields));
        services.AddSingleton(sp => RequestBoundStore<IDatabaseHealth>.Wrap(sp.GetRequiredService<MatchingDatabase>().Health));
        services.AddSingleton<DatabaseStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseStartup>());
        services.AddHostedService(sp => sp.GetRequiredService<TaxonomyHolder>());
        services.AddHostedService(sp => sp.GetRequiredService<MatchIndexHost>());
        services.AddScoringRuns();
        services.AddReextractions();
        services.AddTaxonomyFollowing();
    }

    /// <summary>
    /// The endpoints and the OpenAPI document they describe. Validation errors name fields as clients write them, in the
    /// error's name and in its message: questionnaire.format, requirements[0].skill, "'topK' must be between 1 and 1000".
    /// </summary>
    public static void AddEndpointsAndDocument(this WebApplicationBuilder builder)
    {
        // Asked for every rule of every validation: a rule's expression is built once with its validator, so its path is
        // worked out once too.
        var paths = new System.Runtime.CompilerServices.ConditionalWeakTable<System.Linq.Expressions.LambdaExpression, string>();
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
        {
            if (expression is not null && paths.TryGetValue(expression, out var known)) return known;
            var chain = expression is null ? null : FluentValidation.Internal.PropertyChain.FromExpression(expression);
            var path = chain is { Count: > 0 } ? chain.ToString() : member?.Name;
            var field = path is null ? null : Problems.FieldPath(path);
            if (expression is not null && field is not null) paths.TryAdd(expression, field);
            return field;
        };
        ValidatorOptions.Global.DisplayNameResolver = ValidatorOptions.Global.PropertyNameResolver;

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
    }

    /// <summary>
    /// The request pipeline, outermost first: one log line per request with the final status of every answer (problems of
    /// the layers below included), HTTP manners, metrics, 503 for an unavailable database, keys, quotas, scopes, the
    /// endpoints, then the document and Swagger UI.
    /// </summary>
    public static void UsePipeline(this WebApplication app, WebSettings web)
    {
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseHttpManners(web.Http);
        app.UseMetricsEndpoint(web.Telemetry);
        app.UseMiddleware<DatabaseUnavailableMiddleware>();
        app.UseAuthentication();
        app.UseApiRateLimits(web.RateLimits);
        app.UseAuthorization();
        app.UseFastEndpoints(c =>
        {
            c.Endpoints.NameGenerator = EndpointNames.For;
            ApiJson.UseForEndpoints(c.Serializer.Options);
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
    }
}

/// <summary>The web settings the pipeline needs again after the services are built.</summary>
public sealed record WebSettings(HttpSettings Http, RateLimitSettings RateLimits, TelemetrySettings Telemetry);
