using FastEndpoints;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;

namespace Matching.Api.Features.Taxonomy.Export;

public sealed class Endpoint(TaxonomySnapshot snapshot, ShippedTaxonomy shipped) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/taxonomy/export");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.Produces(200, typeof(object), "application/json"));
        Summary(s =>
        {
            s.Summary = "The effective taxonomy as a taxonomy file";
            s.Description =
                "The taxonomy in use, in db/taxonomy.json's format: the shipped document with each skill's aliases and externalIds " +
                "as they are now, and the custom skills (\"custom\": true) after the shipped ones; version is the effective version. " +
                "The API reads it back as a taxonomy file (Taxonomy:Path) to the same skills, so it can be reviewed, kept in " +
                "version control, or shipped to another installation. Downloaded as taxonomy-{version}.json.";
            s.Responses[200] = "The taxonomy file";
        });
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var taxonomy = snapshot.Taxonomy;
        var json = TaxonomyExport.Write(shipped.Json, taxonomy);
        var name = "taxonomy-" + string.Concat(taxonomy.Version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')) + ".json";
        HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        return Send.StringAsync(json, 200, "application/json; charset=utf-8", ct);
    }
}
