using Dapper;
using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using static Matching.Data.Tests.TestData;

namespace Matching.Data.Tests;

/// <summary>
/// <see cref="ProfileBulkLoader"/> and the <c>skill_vector</c> column it shares with the store, run against SQLite and
/// PostgreSQL alike: bulk-loaded profiles must be indistinguishable from API-written ones, appear in the change feed,
/// and load into the match index exactly as the same vectors would from memory. Tests that compare the whole store
/// with an in-memory copy use a fresh database of their own; the others work with their own ids in the class's one.
/// </summary>
public abstract class BulkLoaderTests(DatabaseFixture fixture)
{
    private readonly MatchingDatabase _db = fixture.Db;
    private static CancellationToken Ct => CancellationToken.None;

    private static readonly MatchOptions All = new(TopK: 1000);

    /// <summary>Jobs that between them touch stated, inferred, parent-credited and rare skills.</summary>
    private static readonly IReadOnlyList<Requirement>[] Jobs =
    [
        [new("pytorch", Required: true), new("python", 0.5), new("sql", 0.25)],
        [new("machine-learning", MinLevel: 0.25), new("docker", 0.75), new("kubernetes", 0.5)],
        [new("postgresql", Required: true, MinLevel: 0.75), new("mysql", 0.5), new("python", 0.25)],
        [new("deep-learning"), new("computer-vision", Required: true), new("nlp", 0.5, MinLevel: 0.3)],
        [new("sql", MinLevel: 0.3), new("rag", 0.5)],
        [new("rare-skill", Required: true)],
    ];

    // ---- reads --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Bulk_loaded_profiles_read_back_exactly_like_api_written_ones()
    {
        var skills = new[] { ("pytorch", 0.75), ("python", 1.0), ("mysql", 0.1 + 0.2), ("docker", 1e-05) };
        var apiWrite = Write(NewExternalId(), skills);
        var (api, _) = await _db.Profiles.UpsertAsync(apiWrite, Compose, Ct);
        var bulk = Bulk(NewId(), NewExternalId("bulk"), skills);
        var noExternalId = Bulk(NewId(), null, ("sql", 0.5));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await _db.BulkLoader.LoadAsync([bulk, noExternalId], ct: Ct);

        var read = await _db.Profiles.GetAsync(bulk.Id, Ct);
        var apiRead = await _db.Profiles.GetAsync(api.Id, Ct);
        Assert.NotNull(read);
        Assert.Equal(bulk.Id, read.Id);
        Assert.Equal(bulk.ExternalId, read.ExternalId);
        Assert.Equal("ru", read.Language);
        Assert.Equal([new Experience("Acme", "ML Engineer")], read.Experience);
        Assert.Equal(apiRead!.Skills.Select(Describe), read.Skills.Select(Describe)); // levels, sources, via, reasons, evidence
        Assert.Equal(bulk.Effective.Select(Describe), read.Skills.Select(Describe));
        Assert.Equal(0.1 + 0.2, read.Skills.Single(s => s.SkillId == "mysql").Level);
        Assert.Equal(1e-05, read.Skills.Single(s => s.SkillId == "docker").Level);
        var deepLearning = read.Skills.Single(s => s.SkillId == "deep-learning");
        Assert.Equal((0.75, SkillSource.Inferred, "pytorch"), (deepLearning.Level, deepLearning.Source, deepLearning.Via));
        Assert.Equal(("sql", SkillSource.Inferred, "mysql"), read.Skills.Where(s => s.SkillId == "sql").Select(s => (s.SkillId, s.Source, s.Via)).Single());
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
        Assert.InRange(read.CreatedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(read.CreatedAt, read.UpdatedAt);

        var other = await _db.Profiles.GetAsync(noExternalId.Id, Ct);
        Assert.Null(other!.ExternalId);
        Assert.Equal(noExternalId.Effective.Select(Describe), other.Skills.Select(Describe));

        // The index's feed gives the same entries for both kinds of profile.
        var vectors = await _db.Profiles.GetVectorsAsync([api.Id, bulk.Id], Ct);
        Assert.Equal(2, vectors.Count);
        Assert.Equal(vectors.Single(v => v.ProfileId == api.Id).Skills, vectors.Single(v => v.ProfileId == bulk.Id).Skills);
        Assert.Equal(bulk.ExternalId, vectors.Single(v => v.ProfileId == bulk.Id).ExternalId);
        var streamed = new List<ProfileVectorRow>();
        await foreach (var row in _db.Profiles.StreamVectorsAsync(Ct)) streamed.Add(row);
        Assert.Equal(Entries(bulk.Effective), streamed.Single(r => r.ProfileId == bulk.Id).Skills);
        Assert.Equal(Entries(noExternalId.Effective), streamed.Single(r => r.ProfileId == noExternalId.Id).Skills);
    }

    [Fact]
    public async Task Bulk_loaded_profiles_are_found_by_skill_and_external_id_filters()
    {
        var strong = Bulk(NewId(), NewExternalId("bulk"), ("kubernetes", 0.75), ("python", 0.5));
        var weak = Bulk(NewId(), NewExternalId("bulk"), ("kubernetes", 0.25));
        var inferred = Bulk(NewId(), NewExternalId("bulk"), ("yolo", 0.75));

        await _db.BulkLoader.LoadAsync([strong, weak, inferred], ct: Ct);

        var atHalf = await AllPagesAsync(new ProfileQuery(null, "kubernetes", 0.5, 200, null));
        var any = await AllPagesAsync(new ProfileQuery(null, "kubernetes", null, 200, null));
        var computerVision = await AllPagesAsync(new ProfileQuery(null, "computer-vision", 0.75, 200, null));
        Assert.Contains(strong.Id, atHalf);
        Assert.DoesNotContain(weak.Id, atHalf);
        Assert.Contains(weak.Id, any);
        Assert.Contains(inferred.Id, computerVision);
        Assert.DoesNotContain(strong.Id, computerVision);

        var byExternalId = await _db.Profiles.ListAsync(new ProfileQuery(strong.ExternalId, "python", 0.5, 10, null), Ct);
        Assert.Equal([strong.Id], byExternalId.Items.Select(p => p.Id));
        Assert.Equal(strong.Effective.Select(Describe), byExternalId.Items[0].Skills.Select(Describe));

        var many = await _db.Profiles.GetManyAsync([weak.Id, inferred.Id], Ct);
        Assert.Equal(new[] { inferred.Id, weak.Id }.Order(StringComparer.Ordinal), many.Select(p => p.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Writes_through_the_store_treat_a_bulk_loaded_profile_like_any_other()
    {
        var externalId = NewExternalId("bulk");
        var bulk = Bulk(NewId(), externalId, ("pytorch", 0.5), ("mysql", 0.5));
        await _db.BulkLoader.LoadAsync([bulk], ct: Ct);

        // Overrides recompose from the stored extraction: the mentioned pytorch must survive.
        var overridden = await _db.Profiles.ApplyOverridesAsync(bulk.Id,
            [new SkillOverride("docker", 0.75, false), new SkillOverride("mysql", null, true)], Compose, Ct);
        Assert.NotNull(overridden);
        var read = await _db.Profiles.GetAsync(bulk.Id, Ct);
        Assert.Equal(overridden.Skills.Select(Describe), read!.Skills.Select(Describe));
        Assert.Equal(SkillSource.Mentioned, read.Skills.Single(s => s.SkillId == "pytorch").Source);
        Assert.Equal(SkillSource.Manual, read.Skills.Single(s => s.SkillId == "docker").Source);
        Assert.DoesNotContain(read.Skills, s => s.SkillId is "mysql" or "sql");

        // Ingesting the same external id again updates the bulk-loaded profile instead of creating a second one.
        var (updated, created) = await _db.Profiles.UpsertAsync(Write(externalId, ("python", 1.0)), Compose, Ct);
        Assert.False(created);
        Assert.Equal(bulk.Id, updated.Id);
        Assert.Single((await _db.Profiles.ListAsync(new ProfileQuery(externalId, null, null, 10, null), Ct)).Items);
        var vector = Assert.Single(await _db.Profiles.GetVectorsAsync([bulk.Id], Ct));
        Assert.Equal(Entries(updated.Skills), vector.Skills);
        Assert.Contains(("docker", 0.75, SkillSource.Manual, (string?)null), vector.Skills); // the override was kept

        Assert.True(await _db.Profiles.DeleteAsync(bulk.Id, Ct));
        Assert.Null(await _db.Profiles.GetAsync(bulk.Id, Ct));
        Assert.Empty(await _db.Profiles.GetVectorsAsync([bulk.Id], Ct));
    }

    // ---- the change feed --------------------------------------------------------------------------------------

    [Fact]
    public async Task Every_loaded_profile_has_one_change_row_in_load_order()
    {
        var count = await _db.Profiles.CountAsync(Ct);
        var start = await _db.Profiles.CurrentSequenceAsync(Ct);
        var profiles = Enumerable.Range(0, 5).Select(i => Bulk(NewId(), NewExternalId("bulk"), ("python", 0.2 * (i + 1)), ("sql", 0.5))).ToList();
        var progress = new ProgressLog();

        var result = await _db.BulkLoader.LoadAsync(profiles, progress, Ct);

        Assert.Equal(5, result.Profiles);
        Assert.Equal(profiles.Sum(p => p.Effective.Count), result.Skills);
        Assert.Equal(new BulkLoadProgress(5, result.Skills), progress.Reports[^1]);
        Assert.Equal(count + 5, await _db.Profiles.CountAsync(Ct));
        var end = await _db.Profiles.CurrentSequenceAsync(Ct);
        Assert.Equal(start + 5, end);
        var changes = await _db.Profiles.ChangesSinceAsync(start, 100, Ct);
        Assert.Equal(profiles.Select(p => (p.Id, false)), changes.Select(c => (c.ProfileId, c.Deleted)));
        Assert.Equal(changes.Select(c => c.Sequence).Order(), changes.Select(c => c.Sequence));
        Assert.Equal(end, changes[^1].Sequence);

        // A later API write still comes after them.
        var (next, _) = await _db.Profiles.UpsertAsync(Write(null, ("docker", 0.5)), Compose, Ct);
        var last = Assert.Single(await _db.Profiles.ChangesSinceAsync(end, 100, Ct));
        Assert.Equal((next.Id, false, end + 1), (last.ProfileId, last.Deleted, last.Sequence));
    }

    [Fact]
    public async Task A_running_index_that_replays_the_change_feed_picks_up_a_bulk_load()
    {
        var db = await FreshDatabaseAsync();
        var (existing, _) = await db.Profiles.UpsertAsync(Write(NewExternalId(), ("pytorch", 0.75), ("docker", 0.5)), Compose, Ct);
        // The API's start-up: remember the sequence, then load the index from the store.
        var sequence = await db.Profiles.CurrentSequenceAsync(Ct);
        var running = new MatchIndex(Taxonomy, new MatchIndexOptions(AutoCompact: false));
        running.Load((await db.Profiles.ReadIndexAsync(Taxonomy, Ct)).Builder);
        Assert.Equal(1, running.Count);

        var profiles = RandomProfiles(seed: 7, count: 30);
        await db.BulkLoader.LoadAsync(profiles, ct: Ct);
        await CatchUpAsync(db.Profiles, running, sequence);

        var expected = InMemory([(existing.Id, existing.ExternalId, existing.Skills), .. profiles.Select(p => (p.Id, p.ExternalId, p.Effective))]);
        Assert.Equal(31, running.Count);
        AssertSameMatches(expected, running);
    }

    // ---- the match index's bulk read ---------------------------------------------------------------------------

    [Fact]
    public async Task ReadIndex_gives_the_same_matches_as_the_same_vectors_loaded_in_memory()
    {
        var db = await FreshDatabaseAsync();
        var profiles = RandomProfiles(seed: 1, count: 60);

        var result = await db.BulkLoader.LoadAsync(profiles, ct: Ct);
        var loaded = await db.Profiles.ReadIndexAsync(Taxonomy, Ct);

        Assert.Equal(60, result.Profiles);
        Assert.Equal(60, loaded.Profiles);
        var fromStore = new MatchIndex(Taxonomy);
        fromStore.Load(loaded.Builder);
        Assert.Equal(60, fromStore.Count);
        AssertSameMatches(InMemory(profiles.Select(p => (p.Id, p.ExternalId, p.Effective))), fromStore);
    }

    [Fact]
    public async Task ReadIndex_follows_overrides_deletes_and_upserts_made_through_the_store()
    {
        var db = await FreshDatabaseAsync();
        var profiles = RandomProfiles(seed: 2, count: 40);
        await db.BulkLoader.LoadAsync(profiles, ct: Ct);
        var current = profiles.ToDictionary(p => p.Id, p => (p.ExternalId, p.Effective), StringComparer.Ordinal);

        // A recruiter gives one profile the rare skill and removes another skill; another profile is erased; an API
        // ingest adds one more.
        var target = profiles[3];
        var removedSkill = target.Effective.First(s => s.Source == SkillSource.Mentioned).SkillId;
        var overridden = await db.Profiles.ApplyOverridesAsync(target.Id,
            [new SkillOverride("rare-skill", 1.0, false), new SkillOverride(removedSkill, null, true)], Compose, Ct);
        current[target.Id] = (target.ExternalId, overridden!.Skills);
        var gone = profiles[10];
        Assert.True(await db.Profiles.DeleteAsync(gone.Id, Ct));
        current.Remove(gone.Id);
        var (added, _) = await db.Profiles.UpsertAsync(Write(NewExternalId(), ("postgresql", 1.0), ("pytorch", 0.5)), Compose, Ct);
        current[added.Id] = (added.ExternalId, added.Skills);

        var loaded = await db.Profiles.ReadIndexAsync(Taxonomy, Ct);
        var fromStore = new MatchIndex(Taxonomy);
        fromStore.Load(loaded.Builder);

        Assert.Equal(40, loaded.Profiles);
        Assert.Equal(40, fromStore.Count);
        Assert.False(fromStore.Contains(gone.Id));
        Assert.True(fromStore.Contains(added.Id));
        var rare = fromStore.Match([new Requirement("rare-skill", Required: true)], new MatchOptions(Strict: true));
        Assert.Equal([target.Id], rare.Hits.Select(h => h.ProfileId));
        AssertSameMatches(InMemory(current.Select(kv => (kv.Key, kv.Value.ExternalId, kv.Value.Effective))), fromStore);

        // The per-profile feed agrees with the bulk read.
        var vector = Assert.Single(await db.Profiles.GetVectorsAsync([target.Id], Ct));
        Assert.Equal(Entries(overridden.Skills), vector.Skills);
        Assert.DoesNotContain(vector.Skills, s => s.SkillId == removedSkill);
    }

    [Fact]
    public async Task A_load_larger_than_one_batch_stores_every_profile()
    {
        var db = await FreshDatabaseAsync();
        const int count = 20_001; // over one SQLite batch (10,000) and one PostgreSQL COPY chunk (20,000)
        var skills = Taxonomy.Skills.Select(s => s.Id).ToArray();
        var progress = new ProgressLog();

        var result = await db.BulkLoader.LoadAsync(
            Enumerable.Range(0, count).Select(i => Bulk($"b_{i:D6}", i % 2 == 0 ? $"bulk-{i}" : null,
                (skills[i % skills.Length], 0.25 + (i % 4) * 0.25))), progress, Ct);

        Assert.Equal(count, result.Profiles);
        Assert.Equal(count, await db.Profiles.CountAsync(Ct));
        Assert.Equal(count, await db.Profiles.CurrentSequenceAsync(Ct));
        Assert.Equal(count, (await db.Profiles.ChangesSinceAsync(0, 100_000, Ct)).Select(c => c.ProfileId).Distinct().Count());
        Assert.Equal(count, progress.Reports[^1].Loaded);
        Assert.Equal(progress.Reports.Select(r => r.Loaded).Order(), progress.Reports.Select(r => r.Loaded));
        Assert.Equal(count, (await db.Profiles.ReadIndexAsync(Taxonomy, Ct)).Profiles);
        foreach (var i in new[] { 0, 9_999, 10_000, 19_999, 20_000 })
        {
            var profile = await db.Profiles.GetAsync($"b_{i:D6}", Ct);
            Assert.NotNull(profile);
            Assert.Equal(i % 2 == 0 ? $"bulk-{i}" : null, profile.ExternalId);
            Assert.Contains(profile.Skills, s => s.SkillId == skills[i % skills.Length] && s.Level == 0.25 + (i % 4) * 0.25);
        }
    }

    [Fact]
    public async Task The_skill_filter_index_exists_after_a_load_into_an_empty_store()
    {
        var db = await FreshDatabaseAsync();

        var first = await db.BulkLoader.LoadAsync(RandomProfiles(seed: 3, count: 10), ct: Ct);
        var second = await db.BulkLoader.LoadAsync(RandomProfiles(seed: 4, count: 10), ct: Ct);

        // PostgreSQL drops the secondary indexes of an empty profile_skills for the load and rebuilds them after it.
        Assert.Equal(fixture.Provider == DatabaseProvider.Postgres, first.RebuiltIndexes);
        Assert.False(second.RebuiltIndexes);
        Assert.Equal(1, await SkillIndexCountAsync(db));
        Assert.Equal(20, await db.Profiles.CountAsync(Ct));
    }

    // ---- failures -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_load_whose_id_clashes_with_a_stored_profile_fails_and_stores_nothing_of_it()
    {
        var (existing, _) = await _db.Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)), Compose, Ct);
        var count = await _db.Profiles.CountAsync(Ct);
        var sequence = await _db.Profiles.CurrentSequenceAsync(Ct);
        var before = Bulk(NewId(), NewExternalId("bulk"), ("pytorch", 0.5));
        var clash = Bulk(existing.Id, NewExternalId("bulk"), ("docker", 1.0));
        var after = Bulk(NewId(), NewExternalId("bulk"), ("sql", 0.5));

        await Assert.ThrowsAnyAsync<Exception>(() => _db.BulkLoader.LoadAsync([before, clash, after], ct: Ct));

        Assert.Equal(count, await _db.Profiles.CountAsync(Ct));
        Assert.Equal(sequence, await _db.Profiles.CurrentSequenceAsync(Ct));
        Assert.Null(await _db.Profiles.GetAsync(before.Id, Ct));
        Assert.Null(await _db.Profiles.GetAsync(after.Id, Ct));
        var kept = await _db.Profiles.GetAsync(existing.Id, Ct);
        Assert.Equal(existing.Skills.Select(Describe), kept!.Skills.Select(Describe));
        Assert.Equal(Entries(existing.Skills), Assert.Single(await _db.Profiles.GetVectorsAsync([existing.Id], Ct)).Skills);
        Assert.Equal(0, await ScalarAsync(_db, "SELECT COUNT(*) FROM profile_skills WHERE profile_id NOT IN (SELECT id FROM profiles)"));
    }

    [Fact]
    public async Task A_load_whose_external_id_clashes_fails_and_stores_nothing_of_it()
    {
        var externalId = NewExternalId();
        var (existing, _) = await _db.Profiles.UpsertAsync(Write(externalId, ("python", 0.5)), Compose, Ct);
        var count = await _db.Profiles.CountAsync(Ct);
        var fresh = Bulk(NewId(), NewExternalId("bulk"), ("pytorch", 0.5));

        await Assert.ThrowsAnyAsync<Exception>(() =>
            _db.BulkLoader.LoadAsync([fresh, Bulk(NewId(), externalId, ("docker", 1.0))], ct: Ct));

        Assert.Equal(count, await _db.Profiles.CountAsync(Ct));
        Assert.Null(await _db.Profiles.GetAsync(fresh.Id, Ct));
        Assert.Equal([existing.Id], (await _db.Profiles.ListAsync(new ProfileQuery(externalId, null, null, 10, null), Ct)).Items.Select(p => p.Id));
    }

    [Fact]
    public async Task A_failed_load_into_an_empty_store_leaves_it_empty_and_keeps_its_indexes()
    {
        var db = await FreshDatabaseAsync();
        var id = NewId();

        // The same id twice: the clash is inside the load itself.
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.BulkLoader.LoadAsync([Bulk(id, null, ("python", 0.5)), Bulk(NewId(), null, ("sql", 0.5)), Bulk(id, null, ("docker", 0.5))], ct: Ct));

        Assert.Equal(0, await db.Profiles.CountAsync(Ct));
        Assert.Equal(0, await db.Profiles.CurrentSequenceAsync(Ct));
        Assert.Equal(0, await ScalarAsync(db, "SELECT COUNT(*) FROM profile_skills"));
        Assert.Equal(1, await SkillIndexCountAsync(db));

        // And the store still takes a load afterwards.
        await db.BulkLoader.LoadAsync([Bulk(id, null, ("python", 0.5))], ct: Ct);
        Assert.Equal(1, await db.Profiles.CountAsync(Ct));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.25)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task A_level_outside_0_to_1_is_refused_before_anything_is_written(double level)
    {
        var count = await _db.Profiles.CountAsync(Ct);
        var sequence = await _db.Profiles.CurrentSequenceAsync(Ct);
        var good = Bulk(NewId(), NewExternalId("bulk"), ("python", 0.5));
        var bad = Bulk(NewId(), NewExternalId("bulk"), ("sql", 0.5));
        bad = bad with { Effective = [.. bad.Effective, new ProfileSkill("docker", level, SkillSource.Manual, [])] };

        await Assert.ThrowsAsync<ArgumentException>(() => _db.BulkLoader.LoadAsync([good, bad], ct: Ct));

        Assert.Equal(count, await _db.Profiles.CountAsync(Ct));
        Assert.Equal(sequence, await _db.Profiles.CurrentSequenceAsync(Ct));
        Assert.Null(await _db.Profiles.GetAsync(good.Id, Ct));
    }

    [Fact]
    public async Task A_failure_in_a_later_sqlite_batch_keeps_the_whole_batches_before_it_and_postgres_keeps_nothing()
    {
        var db = await FreshDatabaseAsync();
        var count = ProfileBulkLoader.SqliteBatch + 1;
        var profiles = Enumerable.Range(0, count).Select(i => Bulk($"b_{i:D6}", null, ("python", 0.5))).ToList();
        profiles[^1] = profiles[^1] with { Effective = [new ProfileSkill("python", 2.0, SkillSource.Mentioned, [])] };

        await Assert.ThrowsAsync<ArgumentException>(() => db.BulkLoader.LoadAsync(profiles, ct: Ct));

        var kept = fixture.Provider == DatabaseProvider.Sqlite ? ProfileBulkLoader.SqliteBatch : 0;
        Assert.Equal(kept, await db.Profiles.CountAsync(Ct));
        Assert.Equal(kept, await db.Profiles.CurrentSequenceAsync(Ct));
        Assert.Equal(kept, (await db.Profiles.ReadIndexAsync(Taxonomy, Ct)).Profiles);
        Assert.Null(await db.Profiles.GetAsync(profiles[^1].Id, Ct));
    }

    // ---- the migration's backfill ---------------------------------------------------------------------------

    [Fact]
    public async Task The_migration_backfill_rebuilds_the_vectors_the_store_wrote()
    {
        var db = await FreshDatabaseAsync();
        var ids = new List<string>();
        foreach (var skills in new[]
                 {
                     new[] { ("pytorch", 0.1 + 0.2), ("docker", 1e-05) },
                     new[] { ("yolo", 1.0 / 3.0), ("postgresql", 0.9999999999999999), ("python", 1.0) },
                     new[] { ("rag", 0.55) },
                     [],
                 })
            ids.Add((await db.Profiles.UpsertAsync(Write(NewExternalId(), skills), Compose, Ct)).Profile.Id);
        await db.Profiles.ApplyOverridesAsync(ids[2], [new SkillOverride("kubernetes", 0.75, false)], Compose, Ct);
        await db.BulkLoader.LoadAsync(RandomProfiles(seed: 5, count: 20), ct: Ct);
        var written = await AllVectorsAsync(db);

        // A store from before the column: every vector empty, then the script's UPDATE.
        await ExecuteAsync(db, "UPDATE profiles SET skill_vector = ''");
        Assert.All(await AllVectorsAsync(db), v => Assert.Empty(v.Skills));
        await ExecuteAsync(db, BackfillStatement(db));
        var backfilled = await AllVectorsAsync(db);

        Assert.Equal(Sorted(written), Sorted(backfilled));
        Assert.Contains(("pytorch", 0.1 + 0.2, SkillSource.Mentioned, (string?)null), backfilled.Single(v => v.ProfileId == ids[0]).Skills);
        Assert.Empty(backfilled.Single(v => v.ProfileId == ids[3]).Skills);
        var fromStore = new MatchIndex(Taxonomy);
        fromStore.Load((await db.Profiles.ReadIndexAsync(Taxonomy, Ct)).Builder);
        AssertSameMatches(InMemory(written.Select(v => (v.ProfileId, v.ExternalId, (IReadOnlyList<ProfileSkill>)ToSkills(v)))), fromStore);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static string NewId() => "b_" + Guid.CreateVersion7().ToString("N");

    /// <summary>A profile as an ingest would have made it: the questionnaire of <see cref="TestData.Write"/>, composed.</summary>
    private static BulkProfile Bulk(string id, string? externalId, params (string Skill, double Level)[] skills)
    {
        var write = Write(externalId, skills);
        return new BulkProfile(id, externalId, write.Language, write.Questionnaire, write.ExtractedSkills,
            SkillVector.Compose(Taxonomy, write.ExtractedSkills), write.Experience, write.Versions);
    }

    private static readonly double[] SomeLevels = [0.25, 0.5, 0.75, 1.0, 0.1 + 0.2, 1e-05, 0.55, 0.9999999999999999, 1.0 / 3.0];

    /// <summary>Profiles with 0–4 mentioned skills of the test taxonomy at assorted levels; a third without external id.</summary>
    private static List<BulkProfile> RandomProfiles(int seed, int count)
    {
        var random = new Random(seed);
        var skills = Taxonomy.Skills.Select(s => s.Id).ToArray();
        return Enumerable.Range(0, count).Select(i =>
        {
            var mentioned = Enumerable.Range(0, random.Next(0, 5))
                .Select(_ => (skills[random.Next(skills.Length)], SomeLevels[random.Next(SomeLevels.Length)]))
                .DistinctBy(s => s.Item1)
                .ToArray();
            return Bulk(NewId(), i % 3 == 0 ? null : NewExternalId("bulk"), mentioned);
        }).ToList();
    }

    private static MatchIndex InMemory(IEnumerable<(string Id, string? ExternalId, IReadOnlyList<ProfileSkill> Skills)> profiles)
    {
        var builder = new MatchIndexBuilder(Taxonomy);
        foreach (var (id, externalId, skills) in profiles) builder.Add(id, externalId, skills);
        var index = new MatchIndex(Taxonomy);
        index.Load(builder);
        return index;
    }

    private static void AssertSameMatches(MatchIndex expected, MatchIndex actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var hits = 0;
        foreach (var job in Jobs)
        {
            foreach (var options in new[] { All, new MatchOptions(TopK: 5), new MatchOptions(TopK: 1000, Strict: true) })
            {
                var want = expected.Match(job, options);
                var got = actual.Match(job, options);
                Assert.Equal(want.Considered, got.Considered);
                Assert.Equal(Describe(want), Describe(got));
                hits += want.Hits.Count;
            }
        }
        Assert.True(hits > 0, "The jobs matched nothing: the comparison would prove nothing.");
    }

    private static List<string> Describe(MatchOutcome outcome) =>
        outcome.Hits.Select(h => $"{h.Rank}|{h.ProfileId}|{h.ExternalId}|{h.Score}|{string.Join(",", h.MissingRequired)}").ToList();

    private static string Describe(ProfileSkill s) =>
        $"{s.SkillId}|{s.Level:R}|{s.Source}|{s.Via}|{s.Reason}|{string.Join(";", s.Evidence)}";

    private static List<(string SkillId, double Level, SkillSource Source, string? Via)> Entries(IEnumerable<ProfileSkill> skills) =>
        skills.Select(s => (s.SkillId, s.Level, s.Source, s.Via)).ToList();

    private static List<ProfileSkill> ToSkills(ProfileVectorRow row) =>
        row.Skills.Select(s => new ProfileSkill(s.SkillId, s.Level, s.Source, [], null, s.Via)).ToList();

    private static List<string> Sorted(IEnumerable<ProfileVectorRow> rows) =>
        rows.OrderBy(r => r.ProfileId, StringComparer.Ordinal)
            .Select(r => $"{r.ProfileId}|{r.ExternalId}|" + string.Join(",", r.Skills
                .OrderBy(s => s.SkillId, StringComparer.Ordinal)
                .Select(s => $"{s.SkillId}:{BitConverter.DoubleToInt64Bits(s.Level)}:{s.Source}:{s.Via}")))
            .ToList();

    /// <summary>What the API's index host does: replay every change after <paramref name="sequence"/>.</summary>
    private static async Task CatchUpAsync(IProfileStore store, MatchIndex index, long sequence)
    {
        while (true)
        {
            var changes = await store.ChangesSinceAsync(sequence, 7, Ct);
            if (changes.Count == 0) return;
            var ids = changes.Select(c => c.ProfileId).Distinct(StringComparer.Ordinal).ToList();
            var current = (await store.GetVectorsAsync(ids, Ct)).ToDictionary(v => v.ProfileId, StringComparer.Ordinal);
            foreach (var id in ids)
            {
                if (current.TryGetValue(id, out var row)) index.Upsert(row.ProfileId, row.ExternalId, ToSkills(row));
                else index.Remove(id);
            }
            sequence = changes[^1].Sequence;
        }
    }

    private async Task<MatchingDatabase> FreshDatabaseAsync()
    {
        var db = fixture.Open(await fixture.CreateEmptyAsync());
        await db.MigrateAsync(Ct);
        return db;
    }

    private async Task<List<string>> AllPagesAsync(ProfileQuery query)
    {
        var ids = new List<string>();
        var cursor = query.Cursor;
        do
        {
            var page = await _db.Profiles.ListAsync(query with { Cursor = cursor }, Ct);
            ids.AddRange(page.Items.Select(p => p.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        return ids;
    }

    private static async Task<List<ProfileVectorRow>> AllVectorsAsync(MatchingDatabase db)
    {
        var rows = new List<ProfileVectorRow>();
        await foreach (var row in db.Profiles.StreamVectorsAsync(Ct)) rows.Add(row);
        return rows;
    }

    /// <summary>The UPDATE of the provider's 0020 migration, as embedded (its ALTER TABLE has already run).</summary>
    private static string BackfillStatement(MatchingDatabase db)
    {
        var name = db.MigrationScripts.Single(n => n.EndsWith("0020_skill_vectors.sql", StringComparison.Ordinal));
        using var stream = typeof(MatchingDatabase).Assembly.GetManifestResourceStream(name)!;
        var script = new StreamReader(stream).ReadToEnd();
        var start = script.IndexOf("UPDATE profiles", StringComparison.Ordinal);
        Assert.True(start > 0, "The migration has no backfill UPDATE.");
        return script[start..];
    }

    private async Task<long> SkillIndexCountAsync(MatchingDatabase db) => await ScalarAsync(db,
        fixture.Provider == DatabaseProvider.Postgres
            ? "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'profile_skills' AND indexname = 'profile_skills_by_skill'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'profile_skills_by_skill'");

    private static async Task<long> ScalarAsync(MatchingDatabase db, string sql)
    {
        await using var connection = await db.OpenConnectionAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: Ct));
    }

    private static async Task ExecuteAsync(MatchingDatabase db, string sql)
    {
        await using var connection = await db.OpenConnectionAsync(Ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: Ct));
    }

    /// <summary>Records reports synchronously (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
    private sealed class ProgressLog : IProgress<BulkLoadProgress>
    {
        public List<BulkLoadProgress> Reports { get; } = [];
        public void Report(BulkLoadProgress value) => Reports.Add(value);
    }
}

public sealed class SqliteBulkLoaderTests(SqliteFixture fixture) : BulkLoaderTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresBulkLoaderTests(PostgresFixture fixture) : BulkLoaderTests(fixture), IClassFixture<PostgresFixture>;
