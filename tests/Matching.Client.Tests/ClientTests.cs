using System.Net.Http.Headers;
using System.Text;

namespace Matching.Client.Tests;

/// <summary>
/// The shipped client, generated from the committed contract, against the real API in-process: every route round-trips,
/// and every error comes back as a <see cref="MatchingApiException"/> with its code and extensions. Written once, run
/// against SQLite and PostgreSQL.
/// </summary>
public abstract class ClientTests(Matching.Api.Tests.ApiFactory factory)
{
    private MatchingClient Client(string? key = Matching.Api.Tests.ApiFactory.AdminKey) =>
        new(factory.CreateDefaultClient(new DocumentedErrors.Recorder()), key);

    /// <summary>The call fails with this problem, and the document lists it for the operation (status and an example of the code).</summary>
    internal static async Task<MatchingApiException> Fails(Func<Task> call, int status, string code)
    {
        var seen = DocumentedErrors.Seen.Current.Value = new DocumentedErrors.Seen();
        var e = await Assert.ThrowsAnyAsync<MatchingApiException>(call);
        Assert.NotNull(seen.Path);
        DocumentedErrors.AssertDocumented(seen.Method!, seen.Path!, status, code);
        Assert.True(e.StatusCode == status, $"expected {status} {code}, got {e.StatusCode}: {e.Response}");
        Assert.Equal(code, e.Code);
        Assert.Equal(status, e.Status);
        Assert.Equal("https://matching.example/problems/" + code, e.Type);
        Assert.False(string.IsNullOrWhiteSpace(e.Title));
        Assert.False(string.IsNullOrWhiteSpace(e.Detail));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", e.TraceId);
        return e;
    }

    internal static QuestionnaireRequest Markdown(string externalId) => new()
    {
        ExternalId = externalId,
        Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Markdown, Content = Seed.Markdown, Answers = null },
    };

    private static async Task<Job> CreateJobAsync(MatchingClient api, string externalId) =>
        await api.Jobs.CreateAsync(new JobInput
        {
            ExternalId = externalId,
            Title = "ML engineer (LLM, computer vision)",
            Requirements =
            [
                new RequirementInput { Skill = "PyTorch", Required = true },
                new RequirementInput { Skill = "RAG", Weight = 0.8 },
                new RequirementInput { Skill = "YOLO", Weight = 0.6 },
                new RequirementInput { Skill = "постгрес", Weight = 0.5, MinLevel = 0.25 },
            ],
        });

    [Fact]
    public async Task Questionnaires_in_all_three_formats_are_ingested_and_a_resend_replaces_the_profile()
    {
        using var api = Client();
        var id = Guid.NewGuid().ToString("N")[..8];

        var markdown = await api.Profiles.IngestAsync(Markdown("md-" + id));
        var text = await api.Profiles.IngestAsync(new QuestionnaireRequest
        {
            ExternalId = "text-" + id,
            Language = QuestionnaireRequestLanguage.Ru,
            Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Text, Content = Seed.PlainText, Answers = null },
        });
        var qa = await api.Profiles.IngestAsync(new QuestionnaireRequest
        {
            ExternalId = "qa-" + id,
            Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Qa, Content = null, Answers = Seed.Answers },
        });

        foreach (var profile in new[] { markdown, text, qa })
        {
            Assert.StartsWith("p_", profile.Id);
            Assert.Equal("ru", profile.Language);
            var pytorch = Assert.Single(profile.Skills, s => s.Skill == "pytorch");
            Assert.Equal(ProfileSkillSource.Mentioned, pytorch.Source);
            Assert.NotEmpty(pytorch.Evidence);
            Assert.Contains(profile.Skills, s => s.Skill == "rag");
            Assert.Contains(profile.Skills, s => s.Source == ProfileSkillSource.Inferred && s.Via is not null);
        }
        Assert.Contains(qa.Skills.SelectMany(s => s.Evidence), e => e.Answer is not null);
        Assert.All(markdown.Skills.SelectMany(s => s.Evidence), e => Assert.Null(e.Answer));

        var again = await api.Profiles.IngestAsync(Markdown("md-" + id));
        Assert.Equal(markdown.Id, again.Id);
        Assert.True(again.UpdatedAt >= markdown.UpdatedAt);
    }

    [Fact]
    public async Task A_batch_stores_each_good_item_and_answers_each_bad_one_with_its_problem()
    {
        using var api = Client(Matching.Api.Tests.ApiFactory.WriteKey);
        var id = Guid.NewGuid().ToString("N")[..8];
        var existing = await api.Profiles.IngestAsync(Markdown("batch-md-" + id));

        var batch = await api.Profiles.IngestBatchAsync(new ProfilesBatchRequest
        {
            Items =
            [
                Markdown("batch-md-" + id),
                new QuestionnaireRequest
                {
                    ExternalId = "batch-qa-" + id,
                    Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Qa, Content = null, Answers = Seed.Answers },
                },
                new QuestionnaireRequest
                {
                    ExternalId = "batch-none-" + id,
                    Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Text, Content = "Хочу работать у вас.", Answers = null },
                },
                new QuestionnaireRequest
                {
                    ExternalId = "batch-invalid-" + id,
                    Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Qa, Content = null, Answers = null },
                },
            ],
        });

        Assert.Equal((1, 1, 2), (batch.Created, batch.Updated, batch.Failed));
        Assert.Equal([0, 1, 2, 3], batch.Items.Select(i => i.Index));
        Assert.Equal(["batch-md-" + id, "batch-qa-" + id, "batch-none-" + id, "batch-invalid-" + id], batch.Items.Select(i => i.ExternalId));
        Assert.Equal(
            [BatchItemResultStatus.Updated, BatchItemResultStatus.Created, BatchItemResultStatus.Unprocessable, BatchItemResultStatus.Invalid],
            batch.Items.Select(i => i.Status));
        Assert.Equal(existing.Id, batch.Items[0].ProfileId);
        Assert.All(batch.Items.Take(2), i => Assert.Null(i.Problem));
        Assert.All(batch.Items.Skip(2), i => Assert.Null(i.ProfileId));
        var qa = await api.Profiles.GetAsync(batch.Items[1].ProfileId!);
        Assert.Equal("batch-qa-" + id, qa.ExternalId);
        Assert.Contains(qa.Skills, s => s.Skill == "pytorch");

        var noSkills = batch.Items[2].Problem!;
        Assert.Equal(("no-skills", BatchItemProblemStatus.Unprocessable), (noSkills.Code, noSkills.Status));
        Assert.Equal("https://matching.example/problems/no-skills", noSkills.Type);
        Assert.Null(noSkills.Errors);
        var invalid = batch.Items[3].Problem!;
        Assert.Equal(("validation-failed", BatchItemProblemStatus.Invalid), (invalid.Code, invalid.Status));
        Assert.Equal("questionnaire.answers", Assert.Single(invalid.Errors!).Name);
        Assert.Empty((await api.Profiles.ListAsync(externalId: "batch-none-" + id)).Items);
        Assert.Empty((await api.Profiles.ListAsync(externalId: "batch-invalid-" + id)).Items);

        var empty = await Fails(() => api.Profiles.IngestBatchAsync(new ProfilesBatchRequest { Items = [] }), 400, "validation-failed");
        Assert.Equal("items", Assert.Single(empty.Errors).Name);
        using var read = Client(Matching.Api.Tests.ApiFactory.ReadKey);
        await Fails(() => read.Profiles.IngestBatchAsync(new ProfilesBatchRequest { Items = [Markdown("batch-ro-" + id)] }), 403, "forbidden");
    }

    [Fact]
    public async Task A_generated_client_that_sends_every_optional_field_as_null_is_understood()
    {
        // What a client generated from the document with default settings sends: every optional field, as null.
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add(MatchingClient.ApiKeyHeader, Matching.Api.Tests.ApiFactory.AdminKey);
        var plain = new System.Text.Json.JsonSerializerOptions();
        async Task<T> PostAsync<T>(string path, object body)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(body, body.GetType(), plain);
            Assert.Contains("null", json);
            using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
            return System.Text.Json.JsonSerializer.Deserialize<T>(text, plain)!;
        }

        var qa = await PostAsync<Profile>("profiles", new QuestionnaireRequest
        {
            Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Qa, Content = null, Answers = Seed.Answers },
        });
        Assert.Contains(qa.Skills, s => s.Skill == "pytorch");
        var markdown = await PostAsync<Profile>("profiles/extract", new QuestionnaireRequest
        {
            Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Markdown, Content = Seed.Markdown, Answers = null },
        });
        Assert.Contains(markdown.Skills, s => s.Skill == "pytorch");
        var match = await PostAsync<MatchResponse>("match", new MatchRequest
        {
            Requirements = [new RequirementInput { Skill = "PyTorch" }],
        });
        Assert.Contains(match.Results, r => r.ProfileId == qa.Id);
    }

    [Fact]
    public async Task Extract_returns_a_profile_without_storing_it()
    {
        using var api = Client();
        var externalId = "extract-" + Guid.NewGuid().ToString("N")[..8];
        var extracted = await api.Profiles.ExtractAsync(Markdown(externalId));
        Assert.Null(extracted.Id);
        Assert.Null(extracted.CreatedAt);
        Assert.Contains(extracted.Skills, s => s.Skill == "pytorch");
        Assert.False(string.IsNullOrEmpty(extracted.ExtractorVersion));
        Assert.Empty((await api.Profiles.ListAsync(externalId: externalId)).Items);
    }

    [Fact]
    public async Task Profiles_are_read_listed_by_skill_and_paged()
    {
        using var api = Client();
        var id = Guid.NewGuid().ToString("N")[..8];
        var first = await api.Profiles.IngestAsync(Markdown("list-a-" + id));
        await api.Profiles.IngestAsync(Markdown("list-b-" + id));

        var read = await api.Profiles.GetAsync(first.Id!);
        Assert.Equal(first.ExternalId, read.ExternalId);
        Assert.Equal(first.Skills.Count, read.Skills.Count);

        var byExternalId = await api.Profiles.ListAsync(externalId: "list-a-" + id);
        Assert.Equal(first.Id, Assert.Single(byExternalId.Items).Id);

        var page = await api.Profiles.ListAsync(skill: "пайторч", minLevel: 0.25, limit: 1);
        Assert.Single(page.Items);
        Assert.NotNull(page.NextCursor);
        var next = await api.Profiles.ListAsync(skill: "пайторч", minLevel: 0.25, limit: 1, cursor: page.NextCursor);
        Assert.NotEqual(page.Items[0].Id, Assert.Single(next.Items).Id);
    }

    [Fact]
    public async Task Recruiter_overrides_set_a_level_and_remove_a_skill_and_a_missing_skill_is_named()
    {
        using var api = Client();
        var profile = await api.Profiles.IngestAsync(Markdown("override-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.Contains(profile.Skills, s => s.Skill == "mysql");

        var changed = await api.Profiles.SetSkillsAsync(profile.Id!, new SkillChanges
        {
            Skills = [new SkillChange { Skill = "PyTorch", Level = 0.9 }, new SkillChange { Skill = "mysql", Remove = true }],
        });
        var pytorch = Assert.Single(changed.Skills, s => s.Skill == "pytorch");
        Assert.Equal(0.9, pytorch.Level);
        Assert.Equal(ProfileSkillSource.Manual, pytorch.Source);
        Assert.DoesNotContain(changed.Skills, s => s.Skill == "mysql");

        var absent = await Fails(() => api.Profiles.SetSkillsAsync(profile.Id!, new SkillChanges
        {
            Skills = [new SkillChange { Skill = "mysql", Remove = true }],
        }), 422, "skill-not-in-profile");
        Assert.Equal(new[] { "mysql" }, absent.Problem!.Skills);

        var invalid = await Fails(() => api.Profiles.SetSkillsAsync(profile.Id!, new SkillChanges
        {
            Skills = [new SkillChange { Skill = "pytorch" }],
        }), 400, "validation-failed");
        Assert.Contains(invalid.Errors, e => e.Name.StartsWith("skills[0]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jobs_are_created_read_listed_replaced_and_deleted()
    {
        using var api = Client();
        var externalId = "vac-" + Guid.NewGuid().ToString("N")[..8];
        var job = await CreateJobAsync(api, externalId);
        Assert.Equal(JobStatus.Open, job.Status);
        Assert.Equal(new[] { "pytorch", "rag", "yolo", "postgresql" }, job.Requirements.Select(r => r.Skill));
        Assert.True(job.Requirements[0].Required);

        Assert.Equal(job.Title, (await api.Jobs.GetAsync(job.Id)).Title);
        var open = await api.Jobs.ListAsync(status: Status.Open, limit: 200);
        Assert.Contains(open.Items, j => j.Id == job.Id);

        var closed = await api.Jobs.UpdateAsync(job.Id, new JobInput
        {
            ExternalId = externalId,
            Title = "ML engineer (closed)",
            Status = JobInputStatus.Closed,
            Requirements = [new RequirementInput { Skill = "PyTorch" }],
        });
        Assert.Equal(JobStatus.Closed, closed.Status);
        Assert.Equal("pytorch", Assert.Single(closed.Requirements).Skill);
        Assert.DoesNotContain((await api.Jobs.ListAsync(status: Status.Open, limit: 200)).Items, j => j.Id == job.Id);

        var fromDescription = await api.Jobs.CreateAsync(new JobInput
        {
            Title = "Data engineer",
            Description = "Обязательно: Python и PostgreSQL. Будет плюсом: Kafka.",
        });
        Assert.Contains(fromDescription.Requirements, r => r.Skill == "python" && r.Required);

        await api.Jobs.DeleteAsync(job.Id);
        var gone = await Fails(() => api.Jobs.GetAsync(job.Id), 404, "not-found");
        Assert.Contains(job.Id, gone.Detail);
    }

    [Fact]
    public async Task Match_ranks_and_explains_by_requirements_and_by_job_and_reverse_match_finds_the_job()
    {
        using var api = Client();
        var profile = await api.Profiles.IngestAsync(Markdown("match-" + Guid.NewGuid().ToString("N")[..8]));
        var job = await CreateJobAsync(api, "match-vac-" + Guid.NewGuid().ToString("N")[..8]);

        var adHoc = await api.Match.RunAsync(new MatchRequest
        {
            Requirements =
            [
                new RequirementInput { Skill = "PyTorch", Required = true },
                new RequirementInput { Skill = "RAG", Weight = 0.8 },
                new RequirementInput { Skill = "YOLO", Weight = 0.6 },
                new RequirementInput { Skill = "SQL", Weight = 0.5, MinLevel = 0.25 },
            ],
            TopK = 1000,
        });
        Assert.True(adHoc.Considered >= 1);
        var hit = Assert.Single(adHoc.Results, r => r.ProfileId == profile.Id);
        Assert.Equal(4, hit.Breakdown.Count);
        Assert.Equal(hit.Score, Math.Round(hit.Breakdown.Sum(b => b.Contribution), 2));
        Assert.Contains(hit.Breakdown, b => b.Relation == BreakdownRelation.Exact && b.Evidence.Count > 0);
        Assert.Contains(hit.Breakdown, b => b.Requirement == "sql" && b.MatchedSkill is not null && b.Relation is BreakdownRelation.Exact or BreakdownRelation.Child);
        Assert.Equal(adHoc.Results.OrderByDescending(r => r.Score).Select(r => r.Score), adHoc.Results.Select(r => r.Score));

        var byJob = await api.Match.RunAsync(new MatchRequest { JobId = job.Id, TopK = 1000, Strict = true });
        Assert.Contains(byJob.Results, r => r.ProfileId == profile.Id && r.MissingRequired.Count == 0);
        Assert.Equal(job.Requirements.Select(r => r.Skill), byJob.Requirements.Select(r => r.Skill));

        var reverse = await api.Profiles.MatchJobsAsync(profile.Id!, topK: 1000);
        Assert.Equal(profile.Id, reverse.ProfileId);
        var jobHit = Assert.Single(reverse.Results, r => r.JobId == job.Id);
        Assert.True(jobHit.Score > 0);
    }

    [Fact]
    public async Task A_scoring_run_stores_shortlists_that_the_client_reads_back()
    {
        using var api = Client();
        var profile = await api.Profiles.IngestAsync(Markdown("run-" + Guid.NewGuid().ToString("N")[..8]));
        var job = await CreateJobAsync(api, "run-vac-" + Guid.NewGuid().ToString("N")[..8]);

        var started = await StartRunAsync(api, new ScoringRunsStartRequest { Jobs = [job.Id], Top = 50 });
        Assert.Equal(ScoringRunsStartResponseStatus.Running, started.Status);
        var run = await api.ScoringRuns.GetAsync(started.Id);
        for (var waited = 0; run.Status == ScoringRunStatus.Running && waited < 600; waited++)
        {
            await Task.Delay(100);
            run = await api.ScoringRuns.GetAsync(started.Id);
        }
        Assert.Equal(ScoringRunStatus.Succeeded, run.Status);
        Assert.Equal(ScoringRunTrigger.Api, run.Trigger);
        Assert.Equal(new[] { job.Id }, run.Jobs);
        Assert.Equal(1, run.JobsScored);
        Assert.Contains((await api.ScoringRuns.ListAsync(limit: 100)).Items, r => r.Id == run.Id);

        var shortlist = await api.Jobs.MatchesAsync(job.Id, run: "latest");
        Assert.Equal(run.Id, shortlist.Run.Id);
        var place = Assert.Single(shortlist.Results, r => r.ProfileId == profile.Id);
        Assert.Equal(StoredMatchChange.New, place.Change);
        Assert.Null(place.PreviousRank);

        var unknown = await Fails(() => api.ScoringRuns.StartAsync(new ScoringRunsStartRequest { Jobs = ["j_missing"] }), 422, "unknown-jobs");
        Assert.Equal(new[] { "j_missing" }, unknown.Problem!.UnknownJobs);
    }

    /// <summary>Starts a run, waiting out one that another test of the class started (409 names it).</summary>
    private static async Task<ScoringRunsStartResponse> StartRunAsync(MatchingClient api, ScoringRunsStartRequest request)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await api.ScoringRuns.StartAsync(request);
            }
            catch (MatchingApiException e) when (e.Code == "run-in-progress" && attempt < 300)
            {
                Assert.NotNull(e.Problem!.RunningId);
                await Task.Delay(100);
            }
        }
    }

    [Fact]
    public async Task A_reextraction_run_is_started_and_read_back()
    {
        using var api = Client();
        ReextractionRun started;
        try
        {
            started = await api.Reextractions.StartAsync();
        }
        catch (MatchingApiException e) when (e.Code == "run-in-progress")
        {
            started = await api.Reextractions.GetAsync(e.Problem!.RunningId!);
        }
        Assert.StartsWith("x_", started.Id);
        Assert.Equal(ReextractionRunTrigger.Api, started.Trigger);
        Assert.Equal(started.Id, (await api.Reextractions.GetAsync(started.Id)).Id);
        var latest = await api.Reextractions.LatestAsync();
        Assert.False(string.IsNullOrEmpty(latest.ExtractorVersion));
        await Fails(() => api.Reextractions.GetAsync("x_missing"), 404, "not-found");
    }

    [Fact]
    public async Task Erasure_removes_the_profile_from_reads_and_matches()
    {
        using var api = Client();
        var profile = await api.Profiles.IngestAsync(Markdown("erase-" + Guid.NewGuid().ToString("N")[..8]));
        await api.Profiles.DeleteAsync(profile.Id!);
        await Fails(() => api.Profiles.GetAsync(profile.Id!), 404, "not-found");
        await Fails(() => api.Profiles.DeleteAsync(profile.Id!), 404, "not-found");
        var match = await api.Match.RunAsync(new MatchRequest { Requirements = [new RequirementInput { Skill = "pytorch" }], TopK = 1000 });
        Assert.DoesNotContain(match.Results, r => r.ProfileId == profile.Id);
    }

    [Fact]
    public async Task Skills_are_searched_read_and_resolved()
    {
        using var api = Client(Matching.Api.Tests.ApiFactory.ReadKey);
        var page = await api.Skills.ListAsync(q: "torch", limit: 5);
        Assert.Contains(page.Items, s => s.Id == "pytorch");
        var pytorch = await api.Skills.GetAsync("pytorch");
        Assert.Equal("PyTorch", pytorch.Name);
        Assert.Contains("torch", pytorch.Aliases, StringComparer.OrdinalIgnoreCase);

        var resolved = await api.Skills.ResolveAsync("постгрес");
        Assert.Equal("postgresql", resolved.Matches[0].Skill.Id);
        var suggested = await api.Skills.ResolveAsync("pytorh");
        Assert.Empty(suggested.Matches);
        Assert.Contains(suggested.Suggestions, s => s.Skill.Id == "pytorch");

        await Fails(() => api.Skills.GetAsync("no-such-skill"), 404, "not-found");
    }

    [Fact]
    public async Task Health_answers_without_a_key_and_details_only_for_an_admin_key()
    {
        using var anonymous = Client(key: null);
        Assert.Equal(HealthResponseStatus.Live, (await anonymous.Health.LiveAsync()).Status);
        var ready = await anonymous.Health.ReadyAsync();
        Assert.Equal(HealthResponseStatus.Ready, ready.Status);
        Assert.Equal("ok", ready.Checks["database"]);
        Assert.Null(ready.Details);

        using var admin = Client();
        var details = (await admin.Health.ReadyAsync()).Details;
        Assert.NotNull(details);
        Assert.Equal(factory.Provider, details.DatabaseProvider);
    }

    [Fact]
    public async Task Keys_missing_invalid_or_without_the_scope_are_401_and_403()
    {
        using var anonymous = Client(key: null);
        var missing = await Fails(() => anonymous.Skills.GetAsync("pytorch"), 401, "unauthorized");
        Assert.Contains("X-Api-Key", missing.Detail);
        using var wrong = Client("not-a-key");
        await Fails(() => wrong.Match.RunAsync(new MatchRequest { JobId = "j_x" }), 401, "unauthorized");

        using var read = Client(Matching.Api.Tests.ApiFactory.ReadKey);
        await Fails(() => read.Profiles.IngestAsync(Markdown("forbidden")), 403, "forbidden");
        using var write = Client(Matching.Api.Tests.ApiFactory.WriteKey);
        await Fails(() => write.ScoringRuns.StartAsync(), 403, "forbidden");
    }

    [Fact]
    public async Task Validation_errors_name_the_fields_as_the_request_writes_them()
    {
        using var api = Client();
        var topK = await Fails(() => api.Match.RunAsync(new MatchRequest { Requirements = [new RequirementInput { Skill = "python" }], TopK = 0 }),
            400, "validation-failed");
        Assert.Equal("topK", Assert.Single(topK.Errors).Name);

        var both = await Fails(() => api.Match.RunAsync(new MatchRequest { JobId = "j_x", Requirements = [new RequirementInput { Skill = "python" }] }),
            400, "validation-failed");
        Assert.Equal("body", Assert.Single(both.Errors).Name);

        var qaWithoutAnswers = await Fails(() => api.Profiles.IngestAsync(new QuestionnaireRequest
        {
            Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Qa },
        }), 400, "validation-failed");
        Assert.Contains(qaWithoutAnswers.Errors, e => e.Name == "questionnaire.answers");

        var requirement = await Fails(() => api.Jobs.CreateAsync(new JobInput
        {
            Title = "x",
            Requirements = [new RequirementInput { Skill = "python" }, new RequirementInput { Skill = "sql", MinLevel = 5 }],
        }), 400, "validation-failed");
        Assert.Contains(requirement.Errors, e => e.Name == "requirements[1].minLevel");

        await Fails(() => api.Jobs.ListAsync(cursor: "not-a-cursor"), 400, "invalid-cursor");
    }

    [Fact]
    public async Task Unknown_skills_are_422_with_suggestions()
    {
        using var api = Client();
        var e = await Fails(() => api.Match.RunAsync(new MatchRequest
        {
            Requirements = [new RequirementInput { Skill = "pytorh" }, new RequirementInput { Skill = "python" }],
        }), 422, "unknown-skill");
        var unknown = Assert.Single(e.UnknownSkills);
        Assert.Equal("pytorh", unknown.Skill);
        Assert.Contains("pytorch", unknown.Suggestions);

        await Fails(() => api.Profiles.ListAsync(skill: "pytorh"), 422, "unknown-skill");
        await Fails(() => api.Jobs.CreateAsync(new JobInput
        {
            Title = "x",
            Requirements = [new RequirementInput { Skill = "Postgres" }, new RequirementInput { Skill = "PostgreSQL" }],
        }), 422, "duplicate-requirement");
    }

    [Fact]
    public async Task Unusable_questionnaires_are_422_with_the_extractors_reason()
    {
        using var api = Client();
        await Fails(() => api.Profiles.IngestAsync(new QuestionnaireRequest
        {
            Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Text, Content = "   \n  " },
        }), 422, "empty");
        await Fails(() => api.Profiles.ExtractAsync(new QuestionnaireRequest
        {
            Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Text, Content = "Люблю гулять в парке и читать книги по вечерам." },
        }), 422, "no-skills");
    }

    [Fact]
    public async Task A_second_job_with_the_same_external_id_is_409()
    {
        using var api = Client();
        var externalId = "dup-" + Guid.NewGuid().ToString("N")[..8];
        await CreateJobAsync(api, externalId);
        var e = await Fails(() => CreateJobAsync(api, externalId), 409, "duplicate-external-id");
        Assert.Contains(externalId, e.Detail);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        using var api = Client();
        var e = await Fails(() => api.Profiles.IngestAsync(new QuestionnaireRequest
        {
            Questionnaire = new Questionnaire { Format = QuestionnaireFormat.Text, Content = new string('x', 3 * 1024 * 1024) },
        }), 413, "payload-too-large");
        Assert.Contains("bytes", e.Detail);
    }

    [Fact]
    public async Task A_body_that_is_not_sent_as_json_is_415()
    {
        // A proxy on the way that relabels the body: the API refuses it, and the client reads the problem.
        var http = factory.CreateDefaultClient(new DocumentedErrors.Recorder(), new ContentTypeRewriter("text/plain"));
        using var api = new MatchingClient(http, Matching.Api.Tests.ApiFactory.AdminKey);
        await Fails(() => api.Match.RunAsync(new MatchRequest { Requirements = [new RequirementInput { Skill = "python" }] }),
            415, "unsupported-media-type");
    }

    private sealed class ContentTypeRewriter(string mediaType) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content) content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = Encoding.UTF8.WebName };
            return base.SendAsync(request, cancellationToken);
        }
    }
}
