using System.Reflection;
using Matching.Api.Infrastructure;
using Matching.Core.Profiles;
using Matching.Data;
using Matching.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Api.Tests;

/// <summary>
/// The evidence cache against a real store: it keeps what it read, and never keeps a read that raced with a change to
/// the same profile (the read may have seen the old answers).
/// </summary>
public sealed class EvidenceCacheTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private ApiFactory? _api;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _api = new ApiFactory("Sqlite", _database.Options.ConnectionString);
        await _api.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_api is not null) await _api.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public async Task It_keeps_what_it_read_until_told_of_a_change()
    {
        var (id, ext) = await IngestAsync("Коммерческий опыт: на Erlang писал биллинг.");
        var store = CountingStore.Wrap(Store);
        using var cache = new EvidenceCache(store, 1 << 20);

        Assert.Contains("биллинг", Quote(await cache.GetAsync([id], default), id));
        Assert.Contains("биллинг", Quote(await cache.GetAsync([id], default), id));
        Assert.Equal(1, ((CountingStore)(object)store).Reads);

        await IngestAsync("Коммерческий опыт: на Erlang писал чат-сервер.", ext);
        Assert.Contains("биллинг", Quote(await cache.GetAsync([id], default), id)); // nobody told it yet
        cache.Invalidate(id);
        Assert.Contains("чат-сервер", Quote(await cache.GetAsync([id], default), id));
        Assert.Equal(2, ((CountingStore)(object)store).Reads);

        cache.Clear();
        await cache.GetAsync([id, "p_missing"], default);
        Assert.Equal(3, ((CountingStore)(object)store).Reads);
        Assert.Empty((await cache.GetAsync(["p_missing"], default))["p_missing"].Of("erlang"));
    }

    [Fact]
    public async Task A_read_that_raced_with_a_change_is_answered_but_not_kept()
    {
        var (id, ext) = await IngestAsync("Коммерческий опыт: на Erlang писал биллинг.");
        var store = CountingStore.Wrap(Store);
        var counting = (CountingStore)(object)store;
        using var cache = new EvidenceCache(store, 1 << 20);
        counting.HoldNextRead();

        var racing = cache.GetAsync([id], default);
        await counting.ReadDone; // it has read the old answers and not returned yet
        await IngestAsync("Коммерческий опыт: на Erlang писал чат-сервер.", ext);
        cache.Invalidate(id);
        counting.Release();

        Assert.Contains("биллинг", Quote(await racing, id));
        Assert.Contains("чат-сервер", Quote(await cache.GetAsync([id], default), id));
    }

    [Fact]
    public async Task With_no_room_it_reads_every_time()
    {
        var (id, _) = await IngestAsync("Коммерческий опыт: на Erlang писал биллинг.");
        var store = CountingStore.Wrap(Store);
        using var cache = new EvidenceCache(store, 0);

        await cache.GetAsync([id], default);
        await cache.GetAsync([id], default);

        Assert.Equal(2, ((CountingStore)(object)store).Reads);
    }

    private IProfileStore Store => _api!.Services.GetRequiredService<IProfileStore>();

    private static string Quote(IReadOnlyDictionary<string, QuotedEvidence> evidence, string id) =>
        Assert.Single(evidence[id].Of("erlang")).Quote;

    private async Task<(string Id, string Ext)> IngestAsync(string text, string? ext = null)
    {
        using var client = _api!.Client();
        ext ??= "c-" + Guid.NewGuid().ToString("N")[..8];
        var response = await client.PostJsonAsync("/profiles", new { externalId = ext, questionnaire = new { format = "text", content = text } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return ((await response.ReadJsonAsync()).GetProperty("id").GetString()!, ext);
    }

    /// <summary>The real store, counting evidence reads; one read can be held after it has read, before it returns.</summary>
    public class CountingStore : DispatchProxy
    {
        private IProfileStore _inner = null!;
        private TaskCompletionSource? _hold;
        private TaskCompletionSource? _held;
        private readonly TaskCompletionSource _readDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Reads { get; private set; }
        public Task ReadDone => _readDone.Task;

        public static IProfileStore Wrap(IProfileStore inner)
        {
            var proxy = Create<IProfileStore, CountingStore>();
            ((CountingStore)(object)proxy)._inner = inner;
            return proxy;
        }

        public void HoldNextRead() => _hold = _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _held!.SetResult();

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            var result = method!.Invoke(_inner, args);
            if (method.Name != nameof(IProfileStore.GetEvidenceAsync)) return result;
            Reads++;
            return Held((Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<Evidence>>>>)result!);
        }

        private async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<Evidence>>>> Held(Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<Evidence>>>> read)
        {
            var evidence = await read;
            if (_hold is { } hold)
            {
                _hold = null;
                _readDone.SetResult();
                await hold.Task;
            }
            return evidence;
        }
    }
}
