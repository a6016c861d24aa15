using Dapper;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using static Matching.Data.Tests.TestData;

namespace Matching.Data.Tests;

/// <summary>
/// Re-extraction (<see cref="ReextractionRunner"/> over <see cref="IReextractionStore"/>) against SQLite and PostgreSQL
/// alike, with the real extractor over the test taxonomy. Stale profiles are written with an older extractor's
/// versions and skills that their questionnaire does not say, so a re-extraction shows. Each test has a database of its
/// own: a run's totals count every due profile of the store.
/// </summary>
public abstract class ReextractionTests(DatabaseFixture fixture)
{
    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>What an older extractor wrote.</summary>
    private static readonly ExtractionVersions Old = new("extractor-0", "taxonomy-0");

    private static readonly ExtractionVersions Current = ExtractionVersions.Current(Taxonomy);

    private static readonly SkillExtractor Extractor = new(Taxonomy);

    // ---- the run --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Stale_profiles_are_re_extracted_from_their_questionnaires_and_stamped_with_the_current_versions()
    {
        var db = await FreshDatabaseAsync();
        var stale = await StaleAsync(db, "hr-1", Text("PyTorch", "PostgreSQL"), ("docker", 0.75));
        var before = await db.Profiles.CurrentSequenceAsync(Ct);

        var report = await RunAsync(db);

        Assert.Equal(ReextractionStatus.Succeeded, report.Status);
        Assert.Equal(new ReextractionCounts(1, 1, 1, 0, 0, 0), report.Counts);
        var read = (await db.Profiles.GetAsync(stale.Id, Ct))!;
        Assert.Equal(Current, read.Versions);
        Assert.Equal(Old, stale.Versions);
        Assert.Equal(stale.Id, read.Id);
        Assert.Equal(stale.CreatedAt, read.CreatedAt);
        Assert.True(read.UpdatedAt > stale.UpdatedAt);
        // What the questionnaire says, composed as an ingest composes it; the old extractor's docker is gone.
        Assert.Equal(SkillSource.Mentioned, read.Skills.Single(s => s.SkillId == "pytorch").Source);
        Assert.Equal(SkillSource.Mentioned, read.Skills.Single(s => s.SkillId == "postgresql").Source);
        Assert.Equal(("deep-learning", SkillSource.Inferred), read.Skills.Where(s => s.SkillId == "deep-learning").Select(s => (s.SkillId, s.Source)).Single());
        Assert.DoesNotContain(read.Skills, s => s.SkillId == "docker");
        Assert.NotEmpty(read.Skills.Single(s => s.SkillId == "pytorch").Evidence);
        // The match index's copy and the change feed follow.
        var vector = Assert.Single(await db.Profiles.GetVectorsAsync([stale.Id], Ct));
        Assert.Equal(read.Skills.Select(s => s.SkillId).Order(StringComparer.Ordinal), vector.Skills.Select(s => s.SkillId).Order(StringComparer.Ordinal));
        var change = Assert.Single(await db.Profiles.ChangesSinceAsync(before, 10, Ct));
        Assert.Equal((stale.Id, false), (change.ProfileId, change.Deleted));
    }

    [Fact]
    public async Task Recruiter_overrides_survive_re_extraction()
    {
        var db = await FreshDatabaseAsync();
        var stale = await StaleAsync(db, "hr-1", Text("PyTorch", "Python"), ("pytorch", 0.5));
        await db.Profiles.ApplyOverridesAsync(stale.Id,
            [new SkillOverride("kubernetes", 0.75, false), new SkillOverride("python", null, true), new SkillOverride("pytorch", 1.0, false)],
            Compose, Ct);

        var report = await RunAsync(db);

        Assert.Equal(1, report.Counts.Changed);
        var read = (await db.Profiles.GetAsync(stale.Id, Ct))!;
        Assert.Equal(Current, read.Versions);
        Assert.Equal((0.75, SkillSource.Manual), read.Skills.Where(s => s.SkillId == "kubernetes").Select(s => (s.Level, s.Source)).Single());
        Assert.DoesNotContain(read.Skills, s => s.SkillId == "python"); // removed by the recruiter, though the text names it
        var pytorch = read.Skills.Single(s => s.SkillId == "pytorch");
        Assert.Equal((1.0, SkillSource.Manual), (pytorch.Level, pytorch.Source));
        Assert.NotEmpty(pytorch.Evidence); // the new extraction's quote, under the recruiter's level
        Assert.Contains(read.Skills, s => s.SkillId == "deep-learning" && s.Level == 1.0);
    }

    [Fact]
    public async Task Profiles_already_current_and_synthetic_ones_are_not_touched()
    {
        var db = await FreshDatabaseAsync();
        var (current, _) = await db.Profiles.UpsertAsync(Write("hr-current", ("python", 0.5)), Compose, Ct);
        var synthetic = new BulkProfile("p_synthetic", "syn-1", "en", Questionnaire.Text("synthetic profile"),
            [new ProfileSkill("docker", 0.5, SkillSource.Mentioned, [])], Compose([new ProfileSkill("docker", 0.5, SkillSource.Mentioned, [])], []), [],
            new ExtractionVersions(ExtractionVersions.Synthetic, "taxonomy-0"));
        await db.BulkLoader.LoadAsync([synthetic], ct: Ct);
        var before = await db.Profiles.CurrentSequenceAsync(Ct);

        Assert.Equal(0, await Runner(db).CountDueAsync(Ct));
        var report = await RunAsync(db);

        Assert.Equal((ReextractionStatus.Succeeded, new ReextractionCounts(0, 0, 0, 0, 0, 0)), (report.Status, report.Counts));
        var currentRead = (await db.Profiles.GetAsync(current.Id, Ct))!;
        Assert.Equal((current.UpdatedAt, Current), (currentRead.UpdatedAt, currentRead.Versions));
        Assert.Equal(current.Skills.Select(Describe), currentRead.Skills.Select(Describe));
        var syntheticRead = (await db.Profiles.GetAsync(synthetic.Id, Ct))!;
        Assert.Equal(synthetic.Versions, syntheticRead.Versions);
        Assert.Equal(["docker"], syntheticRead.Skills.Select(s => s.SkillId));
        Assert.Empty(await db.Profiles.ChangesSinceAsync(before, 10, Ct));
    }

    [Fact]
    public async Task A_profile_that_re_extracts_to_what_is_stored_is_only_stamped()
    {
        var db = await FreshDatabaseAsync();
        var questionnaire = Questionnaire.Markdown(Text("YOLO", "SQL"));
        var extracted = Extractor.Extract(questionnaire, "ru").Profile!;
        var (profile, _) = await db.Profiles.UpsertAsync(new ProfileWrite("hr-1", questionnaire, extracted.Language, extracted.StoredSkills(),
            extracted.Experience, Current), Compose, Ct);
        // A row from before versions were recorded.
        await ExecuteAsync(db, "UPDATE profiles SET extractor_version = 'unknown', taxonomy_version = 'unknown' WHERE id = @Id", new { profile.Id });
        var before = await db.Profiles.CurrentSequenceAsync(Ct);

        var report = await RunAsync(db);

        Assert.Equal(new ReextractionCounts(1, 1, 0, 1, 0, 0), report.Counts);
        var read = (await db.Profiles.GetAsync(profile.Id, Ct))!;
        Assert.Equal(Current, read.Versions);
        Assert.Equal(profile.UpdatedAt, read.UpdatedAt);
        Assert.Equal(profile.Skills.Select(Describe), read.Skills.Select(Describe));
        Assert.Empty(await db.Profiles.ChangesSinceAsync(before, 10, Ct));
    }

    [Fact]
    public async Task Progress_counts_add_up_and_a_questionnaire_without_skills_fails_with_its_code_and_keeps_its_profile()
    {
        var db = await FreshDatabaseAsync();
        var changed = new List<Profile>();
        for (var i = 0; i < 5; i++) changed.Add(await StaleAsync(db, $"hr-{i}", Text("Docker", "Kubernetes"), ("mysql", 0.5)));
        var barren = await StaleAsync(db, "hr-barren", "## О себе\nЛюблю долгие прогулки и хорошие книги.", ("python", 0.75));
        var empty = await StaleAsync(db, "hr-empty", "   ", ("sql", 0.5));
        var progress = new List<ReextractionCounts>();

        var runner = Runner(db, batchSize: 2);
        var start = await runner.TryStartAsync(ReextractionTrigger.Console, Ct);
        ReextractionReport report;
        await using (var run = start.Started!)
        {
            Assert.Equal(7, run.Run.Counts.Total);
            report = await run.ExecuteAsync(p => progress.Add(p.Counts), Ct);
        }

        Assert.Equal(new ReextractionCounts(7, 7, 5, 0, 2, 0), report.Counts);
        Assert.Equal(new Dictionary<string, int> { [ExtractionFailure.Empty] = 1, [ExtractionFailure.NoSkills] = 1 }, report.Failures);
        Assert.Equal(Enumerable.Range(0, 8), progress.Select(p => p.Done));
        Assert.All(progress, p => Assert.Equal(p.Done, p.Changed + p.Unchanged + p.Failed + p.Skipped));
        var stored = (await db.Reextractions.GetAsync(report.RunId, Ct))!;
        Assert.Equal((ReextractionStatus.Succeeded, report.Counts, Current), (stored.Status, stored.Counts, stored.Target));
        Assert.NotNull(stored.FinishedAt);
        Assert.Equal(new[] { barren.Id, empty.Id }.Order(StringComparer.Ordinal),
            (await db.Reextractions.FailuresAsync(report.RunId, 10, Ct)).Select(f => f.ProfileId));
        Assert.Equal(report.Failures, await db.Reextractions.FailureCountsAsync(report.RunId, Ct));

        // The failed profile is left exactly as it was, still due for the next extractor.
        var kept = (await db.Profiles.GetAsync(barren.Id, Ct))!;
        Assert.Equal((Old, barren.UpdatedAt), (kept.Versions, kept.UpdatedAt));
        Assert.Equal(barren.Skills.Select(Describe), kept.Skills.Select(Describe));
        Assert.Equal(2, await runner.CountDueAsync(Ct));
        foreach (var p in changed) Assert.Equal(Current, (await db.Profiles.GetAsync(p.Id, Ct))!.Versions);

        // Erasure takes the failure rows with the profile.
        await db.Profiles.DeleteAsync(barren.Id, Ct);
        Assert.Equal([empty.Id], (await db.Reextractions.FailuresAsync(report.RunId, 10, Ct)).Select(f => f.ProfileId));
    }

    // ---- never over a newer write -----------------------------------------------------------------------------------

    [Fact]
    public async Task A_concurrent_ingest_is_not_overwritten()
    {
        var db = await FreshDatabaseAsync();
        var target = await StaleAsync(db, "hr-raced", Text("PyTorch"), ("docker", 0.5));
        var other = await StaleAsync(db, "hr-other", Text("Python"), ("docker", 0.5));
        // Between the run's read and its write, the HR system sends a new questionnaire for the profile.
        var extractor = new InterferingExtractor(Extractor, Text("PyTorch"),
            () => db.Profiles.UpsertAsync(Write("hr-raced", ("kubernetes", 0.75)), Compose, Ct));

        var report = await RunAsync(db, extractor);

        Assert.Equal(new ReextractionCounts(2, 2, 1, 0, 0, 1), report.Counts);
        var read = (await db.Profiles.GetAsync(target.Id, Ct))!;
        Assert.Equal(["kubernetes"], read.Skills.Select(s => s.SkillId)); // the ingest's, not the re-extraction's pytorch
        Assert.Equal(Current, read.Versions);
        Assert.Equal(Current, (await db.Profiles.GetAsync(other.Id, Ct))!.Versions);
    }

    [Fact]
    public async Task A_write_of_a_profile_rewritten_or_erased_since_it_was_read_changes_nothing()
    {
        var db = await FreshDatabaseAsync();
        var rewritten = await StaleAsync(db, "hr-rewritten", Text("PyTorch"), ("docker", 0.5));
        var erased = await StaleAsync(db, "hr-erased", Text("Python"), ("docker", 0.5));
        var runner = Runner(db);
        await using var run = (await runner.TryStartAsync(ReextractionTrigger.Console, Ct)).Started!;
        var page = await db.Reextractions.ReadDueAsync(Current, "", 10, Ct);
        Assert.Equal(2, page.Count);

        await db.Profiles.ApplyOverridesAsync(rewritten.Id, [new SkillOverride("sql", 0.5, false)], Compose, Ct);
        await db.Profiles.DeleteAsync(erased.Id, Ct);
        var owner = run.Run.Owner;
        var outcomes = new List<ReextractionOutcome>();
        foreach (var read in page)
            outcomes.Add(await db.Reextractions.WriteAsync(run.Id, owner, read, Extractor.Extract(read.Questionnaire, read.Language).Profile!,
                Current, Compose, Ct));

        Assert.Equal([ReextractionOutcome.Skipped, ReextractionOutcome.Skipped], outcomes);
        var read2 = (await db.Profiles.GetAsync(rewritten.Id, Ct))!;
        Assert.Equal(Old, read2.Versions);
        Assert.Contains(read2.Skills, s => s.SkillId == "docker");
        Assert.Null(await db.Profiles.GetAsync(erased.Id, Ct));
        Assert.Equal(0, (await db.Reextractions.GetAsync(run.Id, Ct))!.Counts.Done); // no checkpoint either
    }

    [Fact]
    public async Task An_override_between_read_and_write_is_re_read_and_kept()
    {
        var db = await FreshDatabaseAsync();
        var target = await StaleAsync(db, "hr-1", Text("PyTorch"), ("docker", 0.5));
        var extractor = new InterferingExtractor(Extractor, Text("PyTorch"),
            () => db.Profiles.ApplyOverridesAsync(target.Id, [new SkillOverride("sql", 0.25, false)], Compose, Ct));

        var report = await RunAsync(db, extractor);

        Assert.Equal(new ReextractionCounts(1, 1, 1, 0, 0, 0), report.Counts);
        var read = (await db.Profiles.GetAsync(target.Id, Ct))!;
        Assert.Equal(Current, read.Versions);
        Assert.Contains(read.Skills, s => s is { SkillId: "sql", Source: SkillSource.Manual, Level: 0.25 });
        Assert.Contains(read.Skills, s => s is { SkillId: "pytorch", Source: SkillSource.Mentioned });
    }

    // ---- one at a time, resumable ---------------------------------------------------------------------------------

    [Fact]
    public async Task A_second_start_while_a_run_holds_the_lock_gets_the_running_run()
    {
        var db = await FreshDatabaseAsync();
        await StaleAsync(db, "hr-1", Text("PyTorch"), ("docker", 0.5));
        var first = await Runner(db).TryStartAsync(ReextractionTrigger.Api, Ct);
        await using var run = first.Started!;

        var second = await Runner(db).TryStartAsync(ReextractionTrigger.Console, Ct);

        Assert.True(second.IsBusy);
        Assert.Equal(run.Id, second.Running?.Id);
        Assert.Equal((ReextractionStatus.Running, ReextractionTrigger.Api, 1), (second.Running!.Status, second.Running.Trigger, second.Running.Counts.Total));
    }

    [Fact]
    public async Task A_run_whose_process_died_is_resumed_after_its_last_profile_with_its_counts()
    {
        var db = await FreshDatabaseAsync();
        var profiles = new List<Profile>();
        for (var i = 0; i < 6; i++) profiles.Add(await StaleAsync(db, $"hr-{i}", Text("PyTorch", "Docker"), ("mysql", 0.5)));
        var ids = profiles.Select(p => p.Id).Order(StringComparer.Ordinal).ToList();

        // A process that handled two profiles and died (its lock went with it; its run row still says running).
        var dead = await db.Reextractions.CreateRunAsync("x_dead", ReextractionTrigger.Console, "gone-host:1:deadbeef", Current, Ct);
        foreach (var read in await db.Reextractions.ReadDueAsync(Current, "", 2, Ct))
            await db.Reextractions.WriteAsync(dead.Id, dead.Owner, read, Extractor.Extract(read.Questionnaire, read.Language).Profile!, Current, Compose, Ct);
        var extracted = new List<string>();

        var start = await Runner(db, extractor: new RecordingExtractor(Extractor, extracted)).TryStartAsync(ReextractionTrigger.Console, Ct);
        ReextractionReport report;
        await using (var run = start.Started!)
        {
            Assert.True(run.Resumed);
            Assert.Equal((dead.Id, ids[1], 2), (run.Id, run.Run.LastProfileId, run.Run.Counts.Done));
            report = await run.ExecuteAsync(null, Ct);
        }

        Assert.Equal((ReextractionStatus.Succeeded, true), (report.Status, report.Resumed));
        Assert.Equal(new ReextractionCounts(6, 6, 6, 0, 0, 0), report.Counts);
        Assert.Equal(4, extracted.Count); // only the four after the cursor
        var stored = (await db.Reextractions.GetAsync(dead.Id, Ct))!;
        Assert.Equal((1, ids[^1]), (stored.Resumes, stored.LastProfileId));
        Assert.Equal(0, await Runner(db).CountDueAsync(Ct));
    }

    [Fact]
    public async Task A_dead_run_for_other_versions_is_abandoned_and_a_cancelled_run_leaves_the_rest_to_the_next_one()
    {
        var db = await FreshDatabaseAsync();
        for (var i = 0; i < 5; i++) await StaleAsync(db, $"hr-{i}", Text("Python"), ("mysql", 0.5));
        var older = await db.Reextractions.CreateRunAsync("x_older", ReextractionTrigger.Console, "gone-host:1:deadbeef",
            new ExtractionVersions("extractor-1", "taxonomy-1"), Ct);

        using var stop = new CancellationTokenSource();
        var first = (await Runner(db, batchSize: 1).TryStartAsync(ReextractionTrigger.Api, Ct)).Started!;
        ReextractionReport cancelled;
        await using (first)
            cancelled = await first.ExecuteAsync(p => { if (p.Counts.Done == 2) stop.Cancel(); }, stop.Token);

        Assert.NotEqual(older.Id, first.Id);
        Assert.Equal(ReextractionStatus.Abandoned, (await db.Reextractions.GetAsync(older.Id, Ct))!.Status);
        Assert.Equal((ReextractionStatus.Failed, 2), (cancelled.Status, cancelled.Counts.Done));
        Assert.Contains("cancelled", cancelled.Error);

        var next = await RunAsync(db);
        Assert.NotEqual(first.Id, next.RunId);
        Assert.Equal(new ReextractionCounts(3, 3, 3, 0, 0, 0), next.Counts);
        Assert.Equal(next.RunId, (await db.Reextractions.LatestAsync(Ct))!.Id);
    }

    // ---- versions on every write --------------------------------------------------------------------------------

    [Fact]
    public async Task Ingests_stamp_the_versions_they_were_given_and_overrides_keep_them()
    {
        var db = await FreshDatabaseAsync();
        var (profile, _) = await db.Profiles.UpsertAsync(Write("hr-1", ("python", 0.5)), Compose, Ct);
        var stale = await StaleAsync(db, "hr-2", Text("Python"), ("python", 0.5));

        var overridden = await db.Profiles.ApplyOverridesAsync(stale.Id, [new SkillOverride("sql", 0.5, false)], Compose, Ct);
        var (again, _) = await db.Profiles.UpsertAsync(Write("hr-2", ("python", 0.75)), Compose, Ct);

        Assert.Equal(Current, profile.Versions);
        Assert.Equal(Current, (await db.Profiles.GetAsync(profile.Id, Ct))!.Versions);
        Assert.Equal(Old, overridden!.Versions);
        Assert.Equal(Current, again.Versions);
        Assert.Equal(Current, (await db.Profiles.GetAsync(stale.Id, Ct))!.Versions);
    }

    [Fact]
    public async Task The_migration_marks_older_synthetic_loads_and_leaves_every_other_row_unknown()
    {
        var db = await FreshDatabaseAsync();
        var placeholder = new BulkProfile("p_syn", "syn-0", "en", Questionnaire.Text("synthetic profile"),
            [new ProfileSkill("docker", 0.5, SkillSource.Mentioned, [])], Compose([new ProfileSkill("docker", 0.5, SkillSource.Mentioned, [])], []), [],
            Current);
        await db.BulkLoader.LoadAsync([placeholder], ct: Ct);
        var (real, _) = await db.Profiles.UpsertAsync(Write("hr-1", ("python", 0.5)), Compose, Ct);
        await ExecuteAsync(db, "UPDATE profiles SET extractor_version = 'unknown', taxonomy_version = 'unknown'");

        await ExecuteAsync(db, UpdateStatementOf(db, "0030_extractor_versions.sql"));

        Assert.Equal(ExtractionVersions.Synthetic, (await db.Profiles.GetAsync(placeholder.Id, Ct))!.Versions.Extractor);
        Assert.Equal(new ExtractionVersions(ExtractionVersions.Unknown, ExtractionVersions.Unknown), (await db.Profiles.GetAsync(real.Id, Ct))!.Versions);
        Assert.Equal(1, await Runner(db).CountDueAsync(Ct));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private async Task<MatchingDatabase> FreshDatabaseAsync()
    {
        var db = fixture.Open(await fixture.CreateEmptyAsync());
        await db.MigrateAsync(Ct);
        return db;
    }

    private static ReextractionRunner Runner(MatchingDatabase db, int batchSize = 2, ISkillExtractor? extractor = null) =>
        new(db, extractor ?? Extractor, Taxonomy, new ReextractionOptions
        {
            BatchSize = batchSize,
            Parallelism = 2,
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        });

    private static async Task<ReextractionReport> RunAsync(MatchingDatabase db, ISkillExtractor? extractor = null)
    {
        var start = await Runner(db, extractor: extractor).TryStartAsync(ReextractionTrigger.Console, Ct);
        Assert.False(start.IsBusy);
        await using var run = start.Started!;
        return await run.ExecuteAsync(null, Ct);
    }

    /// <summary>A questionnaire naming each skill (by its taxonomy name) in one line of experience.</summary>
    private static string Text(params string[] names) =>
        "## Опыт\n" + string.Concat(names.Select(n => $"- {n} в продакшене, три года\n"));

    /// <summary>A profile an older extractor wrote: its versions and skills that <paramref name="text"/> does not say.</summary>
    private static async Task<Profile> StaleAsync(MatchingDatabase db, string externalId, string text, params (string Skill, double Level)[] oldSkills)
    {
        var extracted = oldSkills.Select(s => new ProfileSkill(s.Skill, s.Level, SkillSource.Mentioned, [], "the old extractor")).ToList();
        var (profile, _) = await db.Profiles.UpsertAsync(new ProfileWrite(externalId, Questionnaire.Markdown(text), "ru", extracted, [], Old),
            Compose, Ct);
        return profile;
    }

    private static string Describe(ProfileSkill s) =>
        $"{s.SkillId}|{s.Level:R}|{s.Source}|{s.Via}|{s.Reason}|{string.Join(";", s.Evidence)}";

    private static async Task ExecuteAsync(MatchingDatabase db, string sql, object? parameters = null)
    {
        await using var connection = await db.OpenConnectionAsync(Ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: Ct));
    }

    /// <summary>The UPDATE of a migration of the provider, as embedded (its ALTER TABLEs have already run).</summary>
    private static string UpdateStatementOf(MatchingDatabase db, string script)
    {
        var name = db.MigrationScripts.Single(n => n.EndsWith(script, StringComparison.Ordinal));
        using var stream = typeof(MatchingDatabase).Assembly.GetManifestResourceStream(name)!;
        var text = new StreamReader(stream).ReadToEnd();
        var start = text.IndexOf("UPDATE profiles", StringComparison.Ordinal);
        Assert.True(start > 0, $"{script} has no UPDATE.");
        return text[start..];
    }

    /// <summary>Runs <paramref name="interfere"/> once, right before the first extraction of <paramref name="text"/>: a write racing the run.</summary>
    private sealed class InterferingExtractor(ISkillExtractor inner, string text, Func<Task> interfere) : ISkillExtractor
    {
        private int _fired;

        public ExtractionResult Extract(Questionnaire questionnaire, string language)
        {
            if (questionnaire.Content == text && Interlocked.Exchange(ref _fired, 1) == 0) interfere().GetAwaiter().GetResult();
            return inner.Extract(questionnaire, language);
        }
    }

    private sealed class RecordingExtractor(ISkillExtractor inner, List<string> seen) : ISkillExtractor
    {
        public ExtractionResult Extract(Questionnaire questionnaire, string language)
        {
            lock (seen) seen.Add(questionnaire.Content ?? "");
            return inner.Extract(questionnaire, language);
        }
    }
}

public sealed class SqliteReextractionTests(SqliteFixture fixture) : ReextractionTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresReextractionTests(PostgresFixture fixture) : ReextractionTests(fixture), IClassFixture<PostgresFixture>;
