using FastEndpoints;
using Matching.Api.Infrastructure;
using Matching.Data;

namespace Matching.Api.Features.Health;

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks);

public sealed class Live : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health/live");
        AllowAnonymous();
        Summary(s => s.Summary = "Liveness: the process is up");
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new HealthResponse("live", new Dictionary<string, string>()), ct);
}

public sealed class Ready(IDatabaseHealth database, MatchIndexHost index, EvidenceCache evidence) : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health/ready");
        AllowAnonymous();
        Description(b => b.Produces<HealthResponse>(503, "application/json"));
        Summary(s =>
        {
            s.Summary = "Readiness: database reachable, migrations applied, match index loaded";
            s.Responses[200] = "Ready to serve";
            s.Responses[503] = "Not ready yet; the checks say which part";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        (bool Ok, string Detail) db;
        try
        {
            db = await database.CheckAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            db = (false, "unreachable");
        }
        var checks = new Dictionary<string, string>
        {
            ["database"] = db.Ok ? "ok" : db.Detail,
            ["matchIndex"] = index.IsReady ? $"ok ({index.Index.Count} profiles)" : "loading",
            ["evidenceCache"] = $"{evidence.Counts.Hits} hits, {evidence.Counts.Misses} misses",
        };
        var ready = db.Ok && index.IsReady;
        await Send.ResponseAsync(new HealthResponse(ready ? "ready" : "not ready", checks), ready ? 200 : 503, ct);
    }
}
