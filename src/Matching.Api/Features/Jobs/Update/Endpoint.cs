using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Jobs.Update;

public sealed class Endpoint(IJobStore jobs, SkillResolver resolver, SkillExtractor extractor, SkillTaxonomy taxonomy,
    ICustomFieldStore customFields)
    : Endpoint<JobInput, JobDto>
{
    public override void Configure()
    {
        Put("/jobs/{id}");
        Policies(ApiKeyDefaults.WritePolicy);
        Description(b => b
            .ProducesProblems(404, 400, 409, 422));
        Summary(s =>
        {
            s.Summary = "Replace a job";
            s.Responses[200] = "The job as replaced";
            s.Description = "Replaces title, description, status and requirements, resolved as in POST /jobs.";
        });
    }

    public override async Task HandleAsync(JobInput r, CancellationToken ct)
    {
        var id = Route<string>("id")!;
        var (write, problem) = await JobWrites.BuildAsync(r, resolver, extractor, customFields, ct);
        if (problem is not null)
        {
            await Send.ResultAsync(problem);
            return;
        }
        try
        {
            if (await jobs.UpdateAsync(id, write!, ct) is { } job) await Send.OkAsync(JobDto.From(job, taxonomy), ct);
            else await Send.ResultAsync(Problems.NotFound("Job", id));
        }
        catch (DuplicateExternalIdException e)
        {
            await Send.ResultAsync(JobWrites.Duplicate(e));
        }
    }
}
