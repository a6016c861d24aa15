using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Data;

namespace Matching.Api.Features.Jobs.Delete;

public sealed class Request
{
    public string Id { get; set; } = "";
}

public sealed class Endpoint(IJobStore jobs) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/jobs/{id}");
        Policies(ApiKeyDefaults.WritePolicy);
        Description(b => b.Produces(204).ProducesProblems(404));
        Summary(s =>
        {
            s.Summary = "Delete a job";
            s.Description = "Deletes the job and its stored shortlists. Profiles are not touched.";
            s.Responses[204] = "Deleted";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        if (await jobs.DeleteAsync(r.Id, ct)) await Send.NoContentAsync(ct);
        else await Send.ResultAsync(Problems.NotFound("Job", r.Id));
    }
}
