using System.Text.Json;
using Matching.Core.Extraction;
using Matching.Data;
using Matching.Loader.Import;
using Matching.Loader.Sample;

namespace Matching.Loader.Tests;

/// <summary>
/// <c>Matching.Loader import</c> into a real SQLite file and a real PostgreSQL database: what is stored, what the error
/// file says, and that an import cut short and run again stores each record exactly once.
/// </summary>
public abstract class ImportTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportScratch? _scratch;
    private ImportScratch S => _scratch!;

    private const string Markdown = "## 1. Опыт\n#### Acme - ML engineer\nДетекция на YOLOv8 и PyTorch в проде, RAG на LangChain.\n## 2. SQL\nВ основном PostgreSQL.";
    private const string Text = "Backend developer, 4 years: Go and PostgreSQL, Kafka for events, everything in Docker and Kubernetes.";
    private const string NoSkills = "Хочу работать у вас: я ответственный и быстро учусь.";

    public async Task InitializeAsync() => _scratch = await ImportScratch.CreateAsync(provider);

    public async Task DisposeAsync()
    {
        if (_scratch is not null) await _scratch.DisposeAsync();
    }

    private static string Line(object record) => JsonSerializer.Serialize(record);

    private static object Md(string id, string content = Markdown) => new { externalId = id, format = "markdown", content, language = "auto" };

    [Fact]
    public async Task Json_lines_store_every_good_record_and_the_error_file_names_each_bad_one_without_its_text()
    {
        var path = S.File("people.jsonl", string.Join("\n",
            Line(Md("jl-md")),
            Line(new { externalId = "jl-text", format = "text", content = Text, language = "en" }),
            Line(new { externalId = "jl-qa", format = "qa", answers = new[] { new { question = "Какие инструменты?", answer = "docker-compose, git, немного Airflow и Python" } } }),
            """{"externalId": "jl-bad-json", "format": "text", "content": "Python and Kafka""",
            "",
            Line(new { externalId = "jl-docx", format = "docx", content = Text }),
            Line(new { externalId = "jl-no-skills", format = "text", content = NoSkills }),
            Line(new { externalId = "jl-long", format = "text", content = Text + new string('я', 600) }),
            Line(new { format = "text", content = Text }),
            Line(Md("jl-md", Markdown + "\nЕщё Redis.")),
            "[1, 2]") + "\n");

        var (result, errors) = await S.ImportAsync(path, limits: new ImportLimits(MaxQuestionnaireChars: 500));

        Assert.Equal((3, 0, 0, 7), (result.Counts.Created, result.Counts.Updated, result.Counts.Unchanged, result.Counts.Failed));
        var errorFile = ErrorFile.DefaultFor(path);
        var lines = File.ReadAllLines(errorFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(
            new Dictionary<int, (string?, string)>
            {
                [4] = (null, ImportCodes.MalformedJson),   // not JSON: its externalId cannot be read either
                [6] = ("jl-docx", ImportCodes.UnknownFormat),
                [7] = ("jl-no-skills", ExtractionFailure.NoSkills),
                [8] = ("jl-long", ImportCodes.TooLong),
                [9] = (null, ImportCodes.MissingExternalId),
                [10] = ("jl-md", ImportCodes.DuplicateExternalId),
                [11] = (null, ImportCodes.MalformedJson),
            },
            lines.ToDictionary(l => l.GetProperty("line").GetInt32(), l => (l.GetProperty("externalId").GetString(), l.GetProperty("code").GetString()!)));
        Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace(l.GetProperty("message").GetString())));
        var errorText = File.ReadAllText(errorFile);
        foreach (var phrase in new[] { "Kafka", "YOLOv8", "ответственный", "яяяя", "Redis" }) Assert.DoesNotContain(phrase, errorText);
        Assert.Equal(errors.Count, lines.Count);

        var stored = await S.Db.Profiles.ListAsync(new ProfileQuery(null, null, null, 100, null), CancellationToken.None);
        Assert.Equal(["jl-md", "jl-qa", "jl-text"], stored.Items.Select(p => p.ExternalId!).Order(StringComparer.Ordinal));
        Assert.Contains(stored.Items.Single(p => p.ExternalId == "jl-md").Skills, s => s.SkillId == "pytorch" && s.Evidence.Count > 0);
        Assert.Contains(stored.Items.Single(p => p.ExternalId == "jl-text").Skills, s => s.SkillId == "kafka");
        Assert.Contains(stored.Items.Single(p => p.ExternalId == "jl-qa").Skills, s => s.SkillId == "airflow");
        Assert.Equal("en", stored.Items.Single(p => p.ExternalId == "jl-text").Language);
        Assert.Equal(Markdown, (await S.Db.Profiles.GetQuestionnairesAsync(["jl-md"], CancellationToken.None))["jl-md"].Content);
        // What a running API replays into its match index: one change per stored profile.
        var changes = await S.Db.Profiles.ChangesSinceAsync(0, 100, CancellationToken.None);
        Assert.Equal(stored.Items.Select(p => p.Id).Order(StringComparer.Ordinal), changes.Select(c => c.ProfileId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_folder_is_imported_file_by_file_with_the_file_name_as_external_id()
    {
        S.File("in/anna.md", Markdown);
        S.File("in/boris.txt", Text);
        S.File("in/vera.qa.json", """[{"question": "Опыт?", "answer": "Python, pandas и SQL каждый день, дашборды в Superset."}]""");
        S.File("in/broken.qa.json", "{not json");
        S.File("in/blank.txt", "   \n ");
        S.File("in/vera.labels.json", "{}");
        S.File("in/README", "not a questionnaire");
        var folder = Path.Combine(S.Folder, "in");

        var (result, _) = await S.ImportAsync(folder, idPrefix: "hr-");

        Assert.Equal(5, RecordSources.Count(folder));
        Assert.Equal((3, 2), (result.Counts.Created, result.Counts.Failed));
        var stored = await S.Db.Profiles.GetQuestionnairesAsync(["hr-anna", "hr-boris", "hr-vera", "hr-broken", "hr-blank"], CancellationToken.None);
        Assert.Equal(["hr-anna", "hr-boris", "hr-vera"], stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(QuestionnaireFormat.Markdown, stored["hr-anna"].Format);
        Assert.Equal(QuestionnaireFormat.Text, stored["hr-boris"].Format);
        Assert.Equal("Python, pandas и SQL каждый день, дашборды в Superset.", Assert.Single(stored["hr-vera"].Answers!).Answer);
        var errors = File.ReadAllLines(folder + ".errors.jsonl").Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(l => l.GetProperty("file").GetString()!, l => (l.GetProperty("externalId").GetString(), l.GetProperty("code").GetString()));
        Assert.Equal(new Dictionary<string, (string?, string?)>
        {
            ["broken.qa.json"] = ("hr-broken", ImportCodes.MalformedJson),
            ["blank.txt"] = ("hr-blank", ExtractionFailure.Empty),
        }, errors);
    }

    [Fact]
    public async Task Cut_short_and_run_again_the_import_stores_each_record_exactly_once()
    {
        var corpus = SampleQuestionnaires.LocateDefaultCorpus(AppContext.BaseDirectory)!;
        var all = Path.Combine(S.Folder, "all.jsonl");
        await using (var file = File.Create(all)) new SampleQuestionnaires(corpus, seed: 3).WriteJsonLines(file, 60);
        var prefix = S.File("prefix.jsonl", string.Join("\n", File.ReadLines(all).Take(13)));
        var settings = new ImportSettings(BatchSize: 5, Writers: 2);

        // A run over the first lines only, as if it had been killed there.
        var (first, _) = await S.ImportAsync(prefix, settings);
        // A run cancelled partway, as by Ctrl+C or a kill: when the 31st record is read, with batches still being written.
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => S.ImportAsync(all, settings, ct: cancel.Token,
            through: records => records.Select((r, i) =>
            {
                if (i == 30) cancel.Cancel();
                return r;
            })));
        var before = await S.ScalarAsync("SELECT COUNT(*) FROM profiles");
        var (rest, errors) = await S.ImportAsync(all, settings);
        var (again, _) = await S.ImportAsync(all, settings);

        Assert.Equal(13, first.Counts.Created);
        Assert.InRange(before, 13, 30);
        Assert.Empty(errors);
        Assert.Equal((60 - before, 0, before), (rest.Counts.Created, rest.Counts.Updated, rest.Counts.Unchanged));
        Assert.Equal((0, 60), (again.Counts.Stored, again.Counts.Unchanged));
        Assert.Equal(60, await S.ScalarAsync("SELECT COUNT(*) FROM profiles"));
        Assert.Equal(60, await S.ScalarAsync("SELECT COUNT(DISTINCT external_id) FROM profiles"));
        // Written once each: one change row per profile, none for the records skipped as already stored.
        Assert.Equal(60, await S.ScalarAsync("SELECT COUNT(*) FROM profile_changes"));
        Assert.Equal(0, await S.ScalarAsync("SELECT COUNT(*) FROM profiles p WHERE NOT EXISTS (SELECT 1 FROM profile_skills s WHERE s.profile_id = p.id)"));
    }

    [Fact]
    public async Task A_record_whose_questionnaire_changed_replaces_its_profile_under_the_same_id()
    {
        var path = S.File("two.jsonl", Line(Md("same")) + "\n" + Line(Md("changed")) + "\n");
        await S.ImportAsync(path);
        var id = (await S.Db.Profiles.ListAsync(new ProfileQuery("changed", null, null, 1, null), CancellationToken.None)).Items.Single().Id;
        S.File("two.jsonl", Line(Md("same")) + "\n" + Line(new { externalId = "changed", format = "text", content = Text }) + "\n");

        var (result, _) = await S.ImportAsync(path);

        Assert.Equal((0, 1, 1), (result.Counts.Created, result.Counts.Updated, result.Counts.Unchanged));
        var profile = await S.Db.Profiles.GetAsync(id, CancellationToken.None);
        Assert.Contains(profile!.Skills, s => s.SkillId == "kafka");
        Assert.DoesNotContain(profile.Skills, s => s.SkillId == "pytorch");
    }

    [Fact]
    public async Task The_years_of_experience_a_questionnaire_states_are_the_profiles_default()
    {
        var path = S.File("years.jsonl", Line(new { externalId = "years", format = "text",
            content = "Java-разработчик, 6 лет коммерческого опыта: Spring Boot, PostgreSQL, Kafka." }) + "\n" + Line(Md("none")) + "\n");

        await S.ImportAsync(path);

        var stated = (await S.Db.Profiles.ListAsync(new ProfileQuery("years", null, null, 1, null), CancellationToken.None)).Items.Single();
        Assert.Equal(6, (await S.Db.Profiles.GetAsync(stated.Id, CancellationToken.None))!.Attributes?.YearsOfExperience);
        var none = (await S.Db.Profiles.ListAsync(new ProfileQuery("none", null, null, 1, null), CancellationToken.None)).Items.Single();
        Assert.Null((await S.Db.Profiles.GetAsync(none.Id, CancellationToken.None))!.Attributes?.YearsOfExperience);
    }

    [Fact]
    public async Task A_record_the_store_refuses_fails_alone_and_the_rest_of_its_batch_is_stored()
    {
        var taxonomy = Extraction.Taxonomy;
        var records = new[]
        {
            ImportRecord.Ok(1, null, "ok-1", Questionnaire.Markdown(Markdown), "auto"),
            // Past what the store accepts as an external id (the command's own reader stops it earlier, at 200).
            ImportRecord.Ok(2, null, new string('x', 600), Questionnaire.Text(Text), "auto"),
            ImportRecord.Ok(3, null, "ok-3", Questionnaire.Text(Text), "auto"),
        };
        var errors = new List<ImportError>();
        var importer = new Importer(S.Db.Profiles, Extraction.Extractor, taxonomy, new ImportSettings(BatchSize: 10));

        var result = await importer.RunAsync(records, errors.Add, CancellationToken.None);

        Assert.Equal((2, 1), (result.Counts.Created, result.Counts.Failed));
        var error = Assert.Single(errors);
        Assert.Equal((2, ImportCodes.StoreFailed), (error.Line, error.Code));
        Assert.Equal(2, await S.ScalarAsync("SELECT COUNT(*) FROM profiles"));
        Assert.Equal(2, await S.ScalarAsync("SELECT COUNT(*) FROM profile_changes"));
    }

    [Fact]
    public async Task The_program_exits_4_with_an_error_file_when_a_record_fails_and_0_when_all_are_stored()
    {
        var good = Line(Md("cli-1")) + "\n" + Line(new { externalId = "cli-2", format = "text", content = Text }) + "\n";
        var withBad = S.File("with-bad.jsonl", good + Line(new { externalId = "cli-3", format = "pdf", content = Text }) + "\n");
        var errors = Path.Combine(S.Folder, "errors.jsonl");

        var (failedCode, failedOutput) = await LoaderProcess.RunAsync(S.Options, "import", withBad, "--errors", errors);
        var (okCode, okOutput) = await LoaderProcess.RunAsync(S.Options, "import", S.File("good.jsonl", good), "--errors", errors);
        var (missingCode, _) = await LoaderProcess.RunAsync(S.Options, "import", Path.Combine(S.Folder, "absent.jsonl"));

        Assert.True(failedCode == 4, failedOutput);
        Assert.Contains("2 stored (2 new, 0 updated), 0 already stored, 1 failed", failedOutput);
        Assert.DoesNotContain("\u001b[", failedOutput);   // redirected output: plain lines, no progress-bar escapes
        Assert.True(okCode == 0, okOutput);
        Assert.Contains("0 stored (0 new, 0 updated), 2 already stored, 0 failed", okOutput);
        Assert.False(File.Exists(errors));   // this run's errors: none (the earlier run's file is gone)
        Assert.Equal(2, missingCode);
        Assert.Equal(2, await S.ScalarAsync("SELECT COUNT(*) FROM profiles"));
    }
}

public sealed class SqliteImportTests() : ImportTests(DatabaseProvider.Sqlite);

public sealed class PostgresImportTests() : ImportTests(DatabaseProvider.Postgres);
