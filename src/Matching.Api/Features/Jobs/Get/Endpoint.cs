using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Jobs.Get;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(IJobStore jobs, SkillTaxonomy taxonomy) : Endpoint<Request, JobDto>
{
    public override void Configure()
    {
        Get("/jobs/{id}");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblemDetails(404, "application/problem+json"));
        Summary(s => s.Summary = "Get a job");
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (await jobs.GetAsync(r.Id, ct) is { } job) await Send.OkAsync(JobDto.From(job, taxonomy), ct);
        else await Send.ResultAsync(Problems.NotFound("Job", r.Id));
    }
}
