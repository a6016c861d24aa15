using Matching.Api.Contracts;
using Matching.Core.Profiles;
using Matching.Data;
using Microsoft.Extensions.Caching.Memory;

namespace Matching.Api.Infrastructure;

/// <summary>
/// The evidence quotes of recently matched profiles, so that explaining a page of <c>/match</c> results usually needs no
/// database read: the best candidates come back for job after job. Bounded in memory (<c>Match:EvidenceCacheMegabytes</c>,
/// 0 turns it off; least recently used entries go first).
/// </summary>
/// <remarks>
/// Every profile write or erasure reaches this process through <see cref="MatchIndexHost"/>'s change feed, which calls
/// <see cref="Invalidate"/> for the profile as it updates the index (for a local write, before the write's response; for
/// another replica's, within a poll interval). A read that raced with an invalidation is answered but not kept: the
/// cache never holds quotes older than the last change it was told of, so erased evidence leaves memory with the index
/// entry.
/// </remarks>
public sealed class EvidenceCache : IDisposable
{
    private const int Recent = 4096;
    private readonly IEvidenceReader _profiles;
    private readonly MemoryCache? _cache;
    private readonly object _lock = new();
    /// <summary>The last <see cref="Recent"/> invalidated ids, by sequence number modulo the ring size.</summary>
    private readonly string?[] _recent = new string?[Recent];
    private long _sequence;
    private long _hits;
    private long _misses;

    public EvidenceCache(IEvidenceReader profiles, long capacityBytes)
    {
        _profiles = profiles;
        if (capacityBytes > 0)
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacityBytes, CompactionPercentage = 0.2 });
    }

    /// <summary>Profiles found in the cache and read from the store since start-up.</summary>
    public (long Hits, long Misses) Counts => (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));

    /// <summary>Each profile's evidence (<see cref="QuotedEvidence.None"/> for one that has none or no longer exists).</summary>
    public async Task<IReadOnlyDictionary<string, QuotedEvidence>> GetAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var result = new Dictionary<string, QuotedEvidence>(ids.Count, StringComparer.Ordinal);
        List<string>? missing = null;
        foreach (var id in ids)
        {
            if (_cache is not null && _cache.TryGetValue(id, out QuotedEvidence? cached) && cached is not null) result[id] = cached;
            else (missing ??= []).Add(id);
        }
        Interlocked.Add(ref _hits, ids.Count - (missing?.Count ?? 0));
        if (missing is null) return result;
        Interlocked.Add(ref _misses, missing.Count);

        var before = Interlocked.Read(ref _sequence);
        var loaded = await _profiles.GetEvidenceAsync(missing, ct);
        foreach (var id in missing)
        {
            var evidence = loaded.TryGetValue(id, out var found) ? new QuotedEvidence(found) : QuotedEvidence.None;
            result[id] = evidence;
            if (_cache is null) continue;
            lock (_lock)
            {
                if (!InvalidatedSince(id, before))
                    _cache.Set(id, evidence, new MemoryCacheEntryOptions { Size = 160 + 2L * id.Length + evidence.EstimatedBytes });
            }
        }
        return result;
    }

    /// <summary>Drops a profile's quotes (it was written or erased).</summary>
    public void Invalidate(string profileId)
    {
        if (_cache is null) return;
        lock (_lock)
        {
            var sequence = ++_sequence;
            _recent[sequence % Recent] = profileId;
            _cache.Remove(profileId);
        }
    }

    /// <summary>Drops everything (the index was reloaded).</summary>
    public void Clear()
    {
        if (_cache is null) return;
        lock (_lock)
        {
            _sequence += Recent; // reads in flight cannot tell what changed: none of them is kept
            Array.Clear(_recent);
            _cache.Clear();
        }
    }

    public void Dispose() => _cache?.Dispose();

    private bool InvalidatedSince(string id, long before)
    {
        if (_sequence - before >= Recent) return true;
        for (var s = before + 1; s <= _sequence; s++)
            if (string.Equals(_recent[s % Recent], id, StringComparison.Ordinal)) return true;
        return false;
    }
}

/// <summary>One profile's quotes by skill, as responses carry them (converted and encoded once, when read from the store).</summary>
public sealed class QuotedEvidence
{
    public static readonly QuotedEvidence None = new(new Dictionary<string, IReadOnlyList<Evidence>>());

    private readonly Dictionary<string, EncodedEvidence> _bySkill;

    public QuotedEvidence(IReadOnlyDictionary<string, IReadOnlyList<Evidence>> bySkill)
    {
        _bySkill = new Dictionary<string, EncodedEvidence>(bySkill.Count, StringComparer.Ordinal);
        foreach (var (skill, quotes) in bySkill)
        {
            var encoded = new EncodedEvidence(quotes);
            _bySkill[skill] = encoded;
            EstimatedBytes += 128 + 2L * skill.Length + encoded.Json.Length;
            foreach (var q in quotes) EstimatedBytes += 96 + 2L * (q.Quote.Length + q.Section.Length);
        }
    }

    /// <summary>Roughly the bytes held: strings at two bytes a character plus object overheads.</summary>
    public long EstimatedBytes { get; }

    public IReadOnlyList<EvidenceDto> Of(string? skillId) =>
        skillId is not null && _bySkill.TryGetValue(skillId, out var quotes) ? quotes : [];
}
