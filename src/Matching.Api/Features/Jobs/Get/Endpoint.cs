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
        Description(b => b.Produces(304).ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "Get a job";
            s.Responses[200] = "The job, with its ETag";
            s.Description = "With an ETag that changes whenever the job does: send it back in If-None-Match to get 304 while it is unchanged.";
            s.Responses[304] = "Not modified: the ETag in If-None-Match is current";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (await jobs.GetAsync(r.Id, ct) is { } job)
            await Send.ResultAsync(ConditionalJson.For(JobDto.From(job, taxonomy), ConditionalJson.PersonalData));
        else await Send.ResultAsync(Problems.NotFound("Job", r.Id));
    }
}
