using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Jobs.Create;

public sealed class Endpoint(IJobStore jobs, SkillResolver resolver, SkillExtractor extractor, SkillTaxonomy taxonomy,
    ICustomFieldStore customFields)
    : Endpoint<JobInput, JobDto>
{
    public override void Configure()
    {
        Post("/jobs");
        Policies(ApiKeyDefaults.WritePolicy);
        Description(b => b
            .Produces<JobDto>(201, "application/json")
            .ProducesProblems(400, 409, 422));
        Summary(s =>
        {
            s.Summary = "Create a job";
            s.Description = "Each requirement's skill may be an id, a name or any alias; it is resolved to a skill id. " +
                            "An unknown skill is a 422 naming it, with suggestions. Without requirements, they are extracted from the description " +
                            "(\"обязательно\"/\"must\" → required, \"будет плюсом\"/\"nice to have\" → optional).";
            s.Responses[201] = "Created";
            s.Responses[409] = "Another job has this externalId";
            s.Responses[422] = "A requirement names an unknown skill, or the description names none";
        });
    }

    public override async Task HandleAsync(JobInput r, CancellationToken ct)
    {
        var (write, problem) = await JobWrites.BuildAsync(r, resolver, extractor, customFields, ct);
        if (problem is not null)
        {
            await Send.ResultAsync(problem);
            return;
        }
        try
        {
            var job = await jobs.CreateAsync(write!, ct);
            await Send.CreatedAtAsync<Get.Endpoint>(new { id = job.Id }, JobDto.From(job, taxonomy), cancellation: ct);
        }
        catch (DuplicateExternalIdException e)
        {
            await Send.ResultAsync(JobWrites.Duplicate(e));
        }
    }
}
