using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Loader.Import;

/// <param name="BatchSize">Records per transaction.</param>
/// <param name="Parallelism">Questionnaires extracted at once (default: one per core).</param>
/// <param name="Writers">Batches written at once (each on a connection of its own); 1 on SQLite, which has one writer anyway.</param>
public sealed record ImportSettings(int BatchSize = 500, int Parallelism = 0, int Writers = 2)
{
    public int EffectiveParallelism => Parallelism > 0 ? Parallelism : Environment.ProcessorCount;
}

/// <summary>Counts so far; <see cref="Done"/> = stored + unchanged + failed.</summary>
public sealed record ImportCounts(int Created, int Updated, int Unchanged, int Failed)
{
    public int Stored => Created + Updated;
    public int Done => Stored + Unchanged + Failed;
}

public sealed record ImportResult(ImportCounts Counts, TimeSpan Elapsed);

/// <summary>A record that was not stored, as the error file shows it.</summary>
public sealed record ImportError(int? Line, string? File, string? ExternalId, string Code, string Message);

/// <summary>
/// Imports questionnaires: extracts them in parallel (the extractor is built once and shared) and stores them through
/// <see cref="IProfileWriter.UpsertManyAsync"/>, a transaction per batch — the API's own write, so each profile comes with
/// its skills, questionnaire and change-feed row and running APIs pick it up like any ingest. When a batch fails, its
/// records are written one transaction each, so one bad record keeps no other out. Nothing is half-stored.
/// </summary>
/// <remarks>
/// Resumable: a record whose externalId is already stored with the same questionnaire is counted unchanged and not
/// written again, so running an import again after it was killed stores each record exactly once. An externalId given
/// twice in one input is an error from its second record on (which of them would win is otherwise a race).
/// </remarks>
public sealed class Importer(IProfileWriter store, ISkillExtractor extractor, SkillTaxonomy taxonomy, ImportSettings settings)
{
    private int _created, _updated, _unchanged, _failed;

    public ImportCounts Counts => new(Volatile.Read(ref _created), Volatile.Read(ref _updated), Volatile.Read(ref _unchanged), Volatile.Read(ref _failed));

    /// <param name="onError">Called for every record that is not stored, from any thread, one call at a time.</param>
    public async Task<ImportResult> RunAsync(IEnumerable<ImportRecord> records, Action<ImportError> onError, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(onError);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Writers, 1);
        var watch = Stopwatch.StartNew();
        var gate = new Lock();
        void Fail(ImportRecord r, string code, string message)
        {
            Interlocked.Increment(ref _failed);
            lock (gate) onError(new ImportError(r.Line, r.File, r.ExternalId, code, message));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Any stage that fails stops the others (a writer gone must not leave extraction waiting on a full channel).
        async Task Stage(Func<Task> run)
        {
            try
            {
                await run();
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }

        // Extraction runs a batch ahead of the writers: the cores extract while the database writes.
        var ready = Channel.CreateBounded<List<Pending>>(new BoundedChannelOptions(settings.Writers) { SingleWriter = true });
        var stages = Enumerable.Range(0, settings.Writers)
            .Select(_ => Task.Run(() => Stage(() => WriteAsync(ready.Reader, Fail, stop.Token)), CancellationToken.None))
            .Append(Task.Run(() => Stage(() => ExtractAsync(records, ready.Writer, Fail, stop.Token)), CancellationToken.None))
            .ToList();
        try
        {
            await Task.WhenAll(stages);
        }
        catch
        {
            // The failure that stopped the import, not the cancellations it caused in the other stages.
            var cause = stages.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
            if (cause is not null && !ct.IsCancellationRequested) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            ct.ThrowIfCancellationRequested();
            throw;
        }
        return new ImportResult(Counts, watch.Elapsed);
    }

    private sealed record Pending(ImportRecord Record, ProfileWrite Write);

    private async Task ExtractAsync(IEnumerable<ImportRecord> records, ChannelWriter<List<Pending>> ready,
        Action<ImportRecord, string, string> fail, CancellationToken ct)
    {
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var versions = ExtractionVersions.Current(taxonomy);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.EffectiveParallelism, CancellationToken = ct };
            foreach (var chunk in records.Chunk(settings.BatchSize))
            {
                ct.ThrowIfCancellationRequested();
                var candidates = new List<ImportRecord>(chunk.Length);
                foreach (var r in chunk)
                {
                    if (r.Failure is { } failure) fail(r, failure.Code, failure.Message);
                    else if (!seen.Add(r.ExternalId!))
                        fail(r, ImportCodes.DuplicateExternalId, "An earlier record of this input has the same externalId; only the first is imported.");
                    else candidates.Add(r);
                }

                var stored = await store.GetQuestionnairesAsync(candidates.Select(c => c.ExternalId!).ToList(), ct);
                var todo = new List<ImportRecord>(candidates.Count);
                foreach (var c in candidates)
                {
                    if (stored.TryGetValue(c.ExternalId!, out var q) && Same(q, c.Questionnaire!)) Interlocked.Increment(ref _unchanged);
                    else todo.Add(c);
                }

                var results = new ExtractionResult[todo.Count];
                Parallel.For(0, todo.Count, parallel, i => results[i] = extractor.Extract(todo[i].Questionnaire!, todo[i].Language));
                var batch = new List<Pending>(todo.Count);
                for (var i = 0; i < todo.Count; i++)
                {
                    if (results[i].Failure is { } failure)
                    {
                        fail(todo[i], failure.Code, failure.Message);
                        continue;
                    }
                    var profile = results[i].Profile!;
                    batch.Add(new Pending(todo[i], new ProfileWrite(todo[i].ExternalId, todo[i].Questionnaire!, profile.Language,
                        profile.StoredSkills(), profile.Experience, versions, QuestionnaireYears: profile.YearsOfExperience)
                    {
                        CandidateTerms = profile.CandidateTerms,
                    }));
                }
                if (batch.Count > 0) await ready.WriteAsync(batch, ct);
            }
            ready.Complete();
        }
        catch (Exception e)
        {
            ready.Complete(e);
            throw;
        }
    }

    private async Task WriteAsync(ChannelReader<List<Pending>> ready, Action<ImportRecord, string, string> fail, CancellationToken ct)
    {
        await foreach (var batch in ready.ReadAllAsync(ct))
        {
            try
            {
                var written = await store.UpsertManyAsync(batch.Select(p => p.Write).ToList(), Compose, ct);
                foreach (var (_, created) in written) Interlocked.Increment(ref created ? ref _created : ref _updated);
            }
            catch (Exception e) when (IsRefusal(e, ct))
            {
                // Something in the batch was refused: store the others, each in a transaction of its own.
                foreach (var p in batch)
                {
                    try
                    {
                        var (_, created) = await store.UpsertAsync(p.Write, Compose, ct);
                        Interlocked.Increment(ref created ? ref _created : ref _updated);
                    }
                    catch (Exception one) when (IsRefusal(one, ct))
                    {
                        fail(p.Record, ImportCodes.StoreFailed, Describe(one));
                    }
                }
            }
        }
    }

    private IReadOnlyList<ProfileSkill> Compose(IReadOnlyList<ProfileSkill> extracted, IReadOnlyList<SkillOverride> overrides) =>
        SkillVector.Compose(taxonomy, extracted, overrides);

    /// <summary>
    /// A write the database refused for what was in it (retrying the batch record by record isolates it), as opposed to a
    /// database that is unavailable or a cancellation, which end the import: it resumes when run again.
    /// </summary>
    private static bool IsRefusal(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested
        && e is DbException or ArgumentException or InvalidOperationException
        && DatabaseFaults.Classify(e) is null;

    /// <summary>What the error file says of a refused write: the kind of refusal, never the driver's text (it may quote values).</summary>
    private static string Describe(Exception e) => e switch
    {
        ArgumentException a => a.Message,
        Npgsql.PostgresException pg => $"PostgreSQL refused the profile (SQLSTATE {pg.SqlState}).",
        Microsoft.Data.Sqlite.SqliteException sqlite => $"SQLite refused the profile (error {sqlite.SqliteExtendedErrorCode}).",
        _ => $"The profile could not be stored ({e.GetType().Name}).",
    };

    /// <summary>The same questionnaire as stored: same format and the same text, character for character.</summary>
    public static bool Same(Questionnaire stored, Questionnaire incoming) =>
        stored.Format == incoming.Format
        && string.Equals(stored.Content, incoming.Content, StringComparison.Ordinal)
        && (stored.Answers ?? []).SequenceEqual(incoming.Answers ?? []);
}
