using Matching.Api.Tests;

namespace Matching.Client.Tests;

/// <summary>An API whose PostgreSQL cannot be reached (nothing listens on its port): it starts, and answers 503 until the database is there.</summary>
public sealed class UnavailableDatabaseFixture : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new("Postgres", "Host=127.0.0.1;Port=1;Username=postgres;Database=matching;Timeout=1");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

public sealed class UnavailableDatabaseTests(UnavailableDatabaseFixture fixture) : IClassFixture<UnavailableDatabaseFixture>
{
    [Fact]
    public async Task While_the_database_is_unavailable_reads_are_503_with_retry_after()
    {
        using var api = new MatchingClient(fixture.Factory.CreateClient(), ApiFactory.AdminKey);
        var e = await Assert.ThrowsAnyAsync<MatchingApiException>(() => api.Skills.GetAsync("pytorch"));
        Assert.Equal(503, e.StatusCode);
        Assert.Equal("database-unavailable", e.Code);
        Assert.Equal("https://matching.example/problems/database-unavailable", e.Type);
        Assert.NotNull(e.RetryAfter);
        Assert.True(e.RetryAfter > TimeSpan.Zero);
        Assert.Matches("^00-[0-9a-f]{32}-", e.TraceId);
        DocumentedErrors.AssertDocumented(HttpMethod.Get, "/skills/pytorch", 503, "database-unavailable");

        var ready = await Assert.ThrowsAsync<MatchingApiException<HealthResponse>>(() => api.Health.ReadyAsync());
        Assert.Equal(503, ready.StatusCode);
        Assert.Equal(HealthResponseStatus.Starting, ready.Result.Status);
        Assert.NotEqual("ok", ready.Result.Checks["database"]);
        Assert.Equal(HealthResponseStatus.Live, (await api.Health.LiveAsync()).Status);
    }
}
