using System.Text.Json;
using System.Text.Json.Serialization;
using FastEndpoints;
using FastEndpoints.Swagger;
using FluentValidation;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Matching.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using NSwag;

var builder = WebApplication.CreateBuilder(args);
var config = builder.Configuration;

// Keys: refuse to start in Production without one; elsewhere make a throwaway development key.
var keys = ApiKeyRegistry.FromConfiguration(config);
if (keys.IsEmpty)
{
    if (builder.Environment.IsProduction())
        throw new InvalidOperationException(
            "No API key is configured. Set MATCHING_API_KEY (an admin key) or Auth:Keys before starting in Production.");
    keys = DevelopmentKey.Create(builder.Environment.ContentRootPath);
}
builder.Services.AddSingleton(keys);

var limits = config.GetSection("Limits").Get<ApiLimits>() ?? new ApiLimits();
builder.Services.AddSingleton(limits);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
    // Kestrel answers over these with a bare status; RequestGuard answers the documented (lower) limits with a problem.
    k.Limits.MaxRequestLineSize = Math.Max(KestrelHardLimits.RequestLineBytes, limits.MaxUrlChars + 1024);
    k.Limits.MaxRequestHeadersTotalSize = Math.Max(KestrelHardLimits.RequestHeadersBytes, limits.MaxRequestHeadersBytes + 1024);
    k.Limits.MaxRequestHeaderCount = Math.Max(KestrelHardLimits.RequestHeaderCount, limits.MaxRequestHeaderCount + 1);
});
var http = HttpSettings.From(config);

// Core: the taxonomy and the extractor are built once; the match index lives for the process.
var taxonomy = SkillTaxonomy.LoadFile(config["Taxonomy:Path"] ?? SkillTaxonomy.LocateDefaultFile(builder.Environment.ContentRootPath));
builder.Services.AddSingleton(taxonomy);
// Built now, not on first use: a bad lexicon entry (db/lexicons, or Extraction:LexiconPath) stops the start with a message naming it.
var extractor = new SkillExtractor(taxonomy,
    config["Extraction:LexiconPath"] is { Length: > 0 } lexiconPath ? Lexicon.LoadDirectory(lexiconPath) : Lexicon.Default);
builder.Services.AddSingleton(extractor);
builder.Services.AddSingleton<ISkillExtractor>(sp => sp.GetRequiredService<SkillExtractor>());
builder.Services.AddSingleton<SkillResolver>();
builder.Services.AddSingleton(_ => new MatchIndex(taxonomy));
builder.Services.AddSingleton<MatchIndexHost>();
var evidenceCacheMegabytes = config.GetValue<long?>("Match:EvidenceCacheMegabytes") ?? 256;
if (evidenceCacheMegabytes is < 0 or > 1_048_576)
    throw new InvalidOperationException($"Match:EvidenceCacheMegabytes must be 0 (off) to 1048576, not {evidenceCacheMegabytes}.");
builder.Services.AddSingleton(sp => new EvidenceCache(sp.GetRequiredService<IProfileStore>(), evidenceCacheMegabytes * 1024 * 1024));
builder.Services.AddHostedService(sp => sp.GetRequiredService<MatchIndexHost>());

// Data: SQLite file under data/ by default, PostgreSQL with Database__Provider=Postgres.
var database = DatabaseSetup.Options(config, builder.Environment.ContentRootPath);
builder.Services.AddSingleton(_ => DatabaseSetup.OpenAndMigrate(database));
builder.Services.AddSingleton(sp => sp.GetRequiredService<MatchingDatabase>().Profiles);
builder.Services.AddSingleton(sp => sp.GetRequiredService<MatchingDatabase>().Jobs);
builder.Services.AddSingleton(sp => sp.GetRequiredService<MatchingDatabase>().Health);
builder.Services.AddScoringRuns();
builder.Services.AddReextractions();

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
        s.SchemaSettings.SchemaNameGenerator = new SchemaNames();
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

app.UseHttpManners(http);
app.UseAuthentication();
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
    o.PostProcess = (doc, _) => doc.Servers.Clear();
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

public partial class Program;
