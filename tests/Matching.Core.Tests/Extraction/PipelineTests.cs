using Matching.Core.Extraction;
using Matching.Core.Profiles;

namespace Matching.Core.Tests.Extraction;

/// <summary>
/// The extraction pipeline stage by stage (each fed the previous stage's output), the lexicon files' validation, and
/// the negation, hedge and hypothetical families a recruiter expects to be understood.
/// </summary>
public sealed class PipelineTests
{
    private static readonly SkillExtractor Extractor = RealTaxonomy.Extractor;

    private static ExtractedProfile Profile(string markdown)
    {
        var result = Extractor.Extract(Questionnaire.Markdown(markdown), "auto");
        Assert.True(result.Profile is not null, $"extraction failed: {result.Failure}");
        return result.Profile!;
    }

    private static Section OneSection(string text) => Sections.Split(Questionnaire.Text(text), Extractor.Lexicon).Single();

    [Fact]
    public void A_bold_line_of_its_own_among_bold_questions_is_the_next_question()
    {
        var md = "**Какие курсы вы проходили?**\n\n- Hexlet — бесплатные курсы по JS и git.\n\n"
                 + "**Оцените свои навыки по стеку (HTML/CSS, JS, React, TypeScript, Redux Toolkit)**\n\n"
                 + "- JavaScript — хорошо для джуна: ES6+, промисы, async/await.\n\n**Итого:**\n\nReact каждый день.";
        var sections = Sections.Split(Questionnaire.Markdown(md), Extractor.Lexicon);
        Assert.Contains(sections, s => s.Name.StartsWith("Оцените свои навыки", StringComparison.Ordinal));
        // What the second answer says of JavaScript is no course.
        var js = Profile(md).Skills.Single(s => s.SkillId == "javascript");
        Assert.True(js.Level > 0.4, $"javascript {js.Level}");
    }

    [Fact]
    public void Blockquoted_questions_are_questions_and_others_named_before_a_colon_own_what_follows()
    {
        const string md = "> **1. What do you do day to day?**\n\nPython and SQL every day at work.\n\n"
                          + "> **2. Your ML platform / MLOps stack?**\n\nThe ML engineers own it: models trained on Databricks, tracked in MLflow, "
                          + "orchestrated in Airflow. I set up Grafana dashboards for it myself.";
        var sections = Sections.Split(Questionnaire.Markdown(md), Extractor.Lexicon);
        Assert.Contains(sections, s => s.Name.StartsWith("2. Your ML platform", StringComparison.Ordinal));
        var skills = Profile(md).Skills.Select(s => s.SkillId).ToHashSet();
        Assert.DoesNotContain("databricks", skills);
        Assert.DoesNotContain("mlflow", skills);
        Assert.Contains("grafana", skills);
        Assert.Contains("python", skills);
    }

    [Fact]
    public void A_marked_question_line_in_markdown_is_a_question_its_answer_replies_to()
    {
        const string md = "### 4. Data quality and testing?\n\ndbt tests plus Elementary for anomaly detection, every day at work.\n\n"
                          + "> Q: Have you used Great Expectations?\n\nNo. We looked at it two years ago and decided dbt tests were enough.";
        var skills = Profile(md).Skills.Select(s => s.SkillId).ToHashSet();
        Assert.DoesNotContain("great-expectations", skills);
        Assert.Contains("dbt", skills);
    }

    [Fact]
    public void A_denial_of_an_object_in_a_language_does_not_deny_the_language()
    {
        var rust = Profile("Rust is my main language.\n\nAnd for the record, I've never used Diesel or any ORM in Rust.")
            .Skills.Single(s => s.SkillId == "rust");
        Assert.Equal(SkillSource.Mentioned, rust.Source);
    }

    [Fact]
    public void A_bare_question_marker_takes_the_next_line_as_its_question()
    {
        const string text = "Question:\nWhat is your current position?\nAnswer:\nData quality engineer, dbt and Snowflake every day.\n\n"
                            + "Question:\nHave you used Monte Carlo or Soda?\nAnswer:\nNo, only dbt tests.";
        var sections = Sections.Split(Questionnaire.Text(text), Extractor.Lexicon);
        Assert.Contains(sections, s => s.Name == "Have you used Monte Carlo or Soda?");
        var result = Extractor.Extract(Questionnaire.Text(text), "auto");
        Assert.DoesNotContain(result.Profile!.Skills, s => s.SkillId == "soda-core");
    }

    [Fact]
    public void Each_stage_reads_the_previous_stage_output()
    {
        var section = OneSection("С Kubernetes не работал, в основном Docker и немного Helm.");
        var text = Tokenize.Run(section);
        Assert.True(text.Tokens.Count >= 10);

        var spots = Spot.Run(text, Extractor.Matcher, Extractor.Lexicon);
        var found = spots.Aliases.Select(a => RealTaxonomy.Taxonomy[a.Ordinal].Id).ToList();
        Assert.Equal(["kubernetes", "docker", "helm"], found);
        Assert.Contains(spots.Cues, c => c.Kind == CueKind.Negation);

        var resolved = ResolveOverlaps.Run(spots, Extractor.Lexicon);
        var segmented = Segment.Run(resolved, Extractor.Lexicon);
        Assert.Equal(2, segmented.Clauses.Count);
        Assert.True(segmented.Clauses[0].HasNegative);

        var filtered = ContextFilter.Run(segmented, Extractor.Matcher);
        Assert.All(filtered.ContextOk, Assert.True);

        var scoped = ScopeCues.Run(filtered, vacancy: false);
        Assert.True(scoped.Scopes[0].Negated && scoped.Scopes[0].DeniedOutright);
        Assert.True(scoped.Scopes[1].Strong > 0);
        Assert.True(scoped.Scopes[2].Hedged);

        var levelled = Level.Run(scoped, Extractor.Lexicon, Extractor.Matcher);
        Assert.Equal(0, levelled.Levels[0].Level);
        Assert.True(levelled.Levels[1].Level > levelled.Levels[2].Level);
    }

    [Fact]
    public void Every_skill_has_a_trace_naming_the_stages_that_decided()
    {
        var p = Profile("""
            ## Какие инструменты применяете?
            В основном PyTorch. С Kubernetes не работал.
            """);
        Assert.Contains(p.Trace["pytorch"], s => s.Stage == "Spot");
        Assert.Contains(p.Trace["pytorch"], s => s.Stage == "ScopeCues" && s.Fact.Contains("В основном"));
        Assert.Contains(p.Trace["pytorch"], s => s.Stage == "Aggregate");
        Assert.Contains(p.Trace["kubernetes"], s => s.Stage == "ScopeCues" && s.Fact.StartsWith("denied"));
    }

    [Fact]
    public void A_reason_says_each_fact_once()
    {
        var p = Profile("""
            ## Опыт
            Python в проде, в проде же и FastAPI.
            """);
        foreach (var skill in p.Skills.Where(s => s.Source == SkillSource.Mentioned))
        {
            var parts = skill.Reason!.Split("; ");
            Assert.Equal(parts.Length, parts.Distinct().Count());
            Assert.True(skill.Reason.Split("'в проде'").Length <= 2, skill.Reason);
        }
    }

    [Theory]
    [InlineData("Python without frameworks, mostly scripts.", "python")]
    [InlineData("Python без фреймворков, в основном скрипты.", "python")]
    public void Without_reaches_forward_only(string text, string kept)
    {
        var result = Extractor.Extract(Questionnaire.Text(text), "auto");
        Assert.True(result.Profile is not null, $"{text}: {result.Failure}");
        Assert.Contains(result.Profile!.Skills, s => s.SkillId == kept && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    [InlineData("Основной стек Go и PostgreSQL. До Terraform руки так и не дошли.", "terraform")]
    [InlineData("Основной стек Go и PostgreSQL. С Kafka не довелось поработать.", "kafka")]
    [InlineData("Основной стек Go и PostgreSQL. Машинным обучением не занимался.", "machine-learning")]
    [InlineData("Основной стек Go и PostgreSQL. С классическим машинным обучением дела не имел.", "classical-ml")]
    [InlineData("Mostly Go and PostgreSQL. I never got round to Terraform.", "terraform")]
    [InlineData("Mostly Go and PostgreSQL. I haven't had the chance to try Rust.", "rust")]
    [InlineData("Mostly Go and PostgreSQL. No experience with Scala.", "scala")]
    [InlineData("Mostly Go and PostgreSQL. Kafka: I only read about it.", "kafka")]
    [InlineData("Основной стек Go и PostgreSQL. Flink — только читал про него и смотрел пару докладов.", "flink")]
    public void Negation_families_keep_the_skill_out(string text, string denied)
    {
        var result = Extractor.Extract(Questionnaire.Text(text), "auto");
        Assert.True(result.Profile is not null, $"{text}: {result.Failure}");
        Assert.DoesNotContain(result.Profile!.Skills, s => s.SkillId == denied);
        Assert.Contains(result.Profile.Skills, s => s.SkillId == "postgresql");
    }

    [Theory]
    [InlineData("Основной стек Go и PostgreSQL. Можно было бы попробовать Kafka.", "kafka")]
    [InlineData("Основной стек Go и PostgreSQL. Хотел бы попробовать Rust.", "rust")]
    [InlineData("Mostly Go and PostgreSQL. I would like to try Rust.", "rust")]
    [InlineData("Mostly Go and PostgreSQL. What I'd like to learn next: Kubernetes.", "kubernetes")]
    [InlineData("Основной стек Go и PostgreSQL. Далее можно оценить модели и пробовать A/B тесты, канареечную выкатку и др.", "canary-deployment")]
    public void Hypotheticals_and_wishes_are_not_skills(string text, string wished)
    {
        var result = Extractor.Extract(Questionnaire.Text(text), "auto");
        Assert.True(result.Profile is not null, $"{text}: {result.Failure}");
        Assert.DoesNotContain(result.Profile!.Skills, s => s.SkillId == wished && s.Source == SkillSource.Mentioned);
    }

    [Fact]
    public void Work_handed_to_others_is_not_the_candidate_s()
    {
        var p = Extractor.Extract(Questionnaire.Text(
            "Основной стек Go и PostgreSQL. Деплоем в кубер занимаются девопсы, я только отдаю образ. У заказчика был OpenShift, но его администрировали их люди."), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId is "kubernetes" or "openshift" && s.Source == SkillSource.Mentioned);
        Assert.Contains(p.Skills, s => s.SkillId == "go");
    }

    [Fact]
    public void The_shipped_lexicons_load_and_cover_both_languages()
    {
        Assert.Equal(["en", "ru"], Lexicon.Default.Languages.Order());
        Assert.Contains("инженер", Lexicon.Default.RoleNouns);
        Assert.True(Lexicon.Default.Is(WordKind.Team, "командой") && Lexicon.Default.Is(WordKind.Team, "team"));
    }

    [Theory]
    [InlineData("вместе", "Negation")]   // "вместо"
    [InlineData("потому", "ListJoin")]   // "потом"
    [InlineData("хотите", "Boundary")]   // "хотя"
    [InlineData("какие", "ListJoin")]    // "как"
    [InlineData("летят", "Years")]       // "лет"
    public void A_word_that_only_shares_a_stem_with_a_cue_is_not_that_cue(string word, string cueKind)
    {
        var kind = Enum.Parse<CueKind>(cueKind);
        var tokens = Matching.Core.Extraction.Text.Tokenizer.Tokenize(word);
        var hits = new List<CueHit>();
        Lexicon.Default.Find(tokens, 0, tokens.Count, hits);
        Assert.False(hits.Exists(h => h.Cue.Kind == kind), string.Join(", ", hits.Select(h => $"{h.Cue.Kind} {h.Cue.Phrase}")));
    }

    private const string Minimal = """
        { "language": "xx", "cues": { CUES }, "roleNouns": ["engineer"], "particles": ["the"], "sectionWords": { "list": ["tools"] },
          "words": { WORDS } }
        """;

    private static Lexicon Parse(string cues, string words) =>
        Lexicon.Parse([("db/lexicons/xx.json", Minimal.Replace("CUES", cues).Replace("WORDS", words))]);

    private static LexiconException Invalid(string cues, string words = "") => Assert.Throws<LexiconException>(() => Parse(cues, words));

    private static LexiconException InvalidWords(string words) => Invalid("", words);

    [Fact]
    public void A_phrase_listed_twice_stops_loading_with_its_name()
    {
        var e = Invalid("""
            "negation": { "groups": [ { "value": 0, "phrases": ["without", "never"] }, { "value": 1, "phrases": ["without"] } ] }
            """);
        Assert.Contains("'without'", e.Message);
        Assert.Contains("db/lexicons/xx.json", e.Message);
        Assert.Contains("listed twice", e.Message);
    }

    [Fact]
    public void Inflected_forms_that_stem_alike_are_one_phrase()
    {
        var e = Invalid("""
            "negation": { "groups": [ { "value": 0, "phrases": ["не работал", "не работала"] } ] }
            """);
        Assert.Contains("'не работала'", e.Message);
    }

    [Fact]
    public void A_phrase_under_two_deciding_kinds_stops_loading()
    {
        var e = Invalid("""
            "hedge": { "groups": [ { "value": 0.3, "phrases": ["a bit"] } ] },
            "strong": { "groups": [ { "value": 0.1, "phrases": ["a bit"] } ] }
            """);
        Assert.Contains("both hedge", e.Message);
    }

    [Fact]
    public void Unknown_kinds_and_values_out_of_range_are_named()
    {
        var e = Invalid("""
            "negashun": { "groups": [ { "value": 0, "phrases": ["nope"] } ] },
            "hedge": { "groups": [ { "value": 1.5, "phrases": ["sort of"] } ] }
            """);
        Assert.Contains("unknown cue kind 'negashun'", e.Message);
        Assert.Contains("must be in (0, 1]", e.Message);
        var others = Invalid("""
            "others": { "exact": true, "groups": [ { "value": 3, "phrases": ["run by"] } ] }
            """);
        Assert.Contains("'others' value 3 must be 0", others.Message);
        var negation = Invalid("""
            "negation": { "groups": [ { "value": 3, "phrases": ["nope"] } ] },
            "noExperience": { "groups": [ { "value": 2, "phrases": ["heard of"] } ] }
            """);
        Assert.Contains("'negation' value 3 must be 0", negation.Message);
        Assert.Contains("'noExperience' value 2 must be 0", negation.Message);
    }

    [Fact]
    public void Word_lists_match_whole_words_and_beginnings_written_with_a_star()
    {
        var lexicon = Parse("", """
            "team": { "about": "a team", "words": ["team", "Teams", "команд*"] }
            """);
        Assert.True(lexicon.Is(WordKind.Team, "team"));
        Assert.True(lexicon.Is(WordKind.Team, "teams"));
        Assert.True(lexicon.Is(WordKind.Team, "командой"));
        Assert.False(lexicon.Is(WordKind.Team, "teammate"));
        Assert.False(lexicon.Is(WordKind.Possessive, "our"));
    }

    [Fact]
    public void A_word_listed_twice_in_a_word_list_stops_loading_with_its_name()
    {
        var e = InvalidWords("""
            "possessive": { "words": ["our", "their", "Our"] },
            "team": { "words": ["команд*", "командой"] }
            """);
        Assert.Contains("db/lexicons/xx.json: words.possessive 'Our' is listed twice", e.Message);
        Assert.Contains("words.team 'командой' is listed twice: 'команд*'", e.Message);

        // Merged over the languages: the same word in two files is listed twice too.
        static (string, string) File(string language, string words) => ($"db/lexicons/{language}.json",
            $$"""{ "language": "{{language}}", "cues": {}, "roleNouns": [], "particles": [], "words": { {{words}} } }""");
        var twice = Assert.Throws<LexiconException>(() => Lexicon.Parse(
            [File("ru", """ "now": { "words": ["сейчас"] } """), File("en", """ "now": { "words": ["now", "сейчас"] } """)]));
        Assert.Contains("db/lexicons/en.json: words.now 'сейчас' is listed twice (also in db/lexicons/ru.json)", twice.Message);
    }

    [Fact]
    public void An_unknown_word_list_or_an_empty_word_stops_loading_with_its_name()
    {
        var e = InvalidWords("""
            "teams": { "words": ["team"] },
            "now": { "words": ["now", " "] },
            "ago": { "words": ["years ago"] }
            """);
        Assert.Contains("db/lexicons/xx.json: unknown word list 'teams'", e.Message);
        Assert.Contains("db/lexicons/xx.json: 'words.now' holds an empty or non-text entry", e.Message);
        Assert.Contains("words.ago 'years ago' is not one word", e.Message);

        var missing = Assert.Throws<LexiconException>(() => Lexicon.Parse([("db/lexicons/xx.json",
            """{ "language": "xx", "cues": {}, "roleNouns": ["engineer"], "particles": ["the"] }""")]));
        Assert.Contains("db/lexicons/xx.json: 'words' is missing", missing.Message);
    }

    [Fact]
    public void A_no_longer_phrase_must_be_a_past_cue()
    {
        var e = Invalid("""
            "past": { "groups": [ { "value": 0.35, "phrases": ["no longer"] } ] }
            """, """
            "noLonger": { "words": ["no longer", "anymore"] }
            """);
        Assert.Contains("words.noLonger 'anymore' is not a past cue", e.Message);
        Assert.DoesNotContain("'no longer'", e.Message);
    }

    [Fact]
    public void A_reads_only_phrase_must_be_a_hedge_cue_and_a_course_name_no_beginning_twice()
    {
        var e = Invalid("""
            "hedge": { "groups": [ { "value": 0.3, "phrases": ["can read"] } ] }
            """, """
            "readsOnly": { "words": ["can read", "can skim"] },
            "courseName": { "words": ["course*", "coursera"] }
            """);
        Assert.Contains("words.readsOnly 'can skim' is not a hedge cue", e.Message);
        Assert.DoesNotContain("'can read'", e.Message);
        Assert.Contains("words.courseName 'coursera' is listed twice: 'course*'", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_json_is_named()
    {
        var e = Assert.Throws<LexiconException>(() => Lexicon.Parse([("db/lexicons/broken.json", "{ not json")]));
        Assert.Contains("db/lexicons/broken.json", e.Message);
    }

    [Fact]
    public void Language_is_judged_by_the_words_not_the_tool_names()
    {
        var qa = Extractor.Extract(Questionnaire.Qa(
            new QaAnswer("Какие инструменты применяете и для каких задач?", "Docker, docker-compose, Git, GitLab CI, Airflow"),
            new QaAnswer("С какими библиотеками приходится работать?", "PyTorch, scikit-learn, pandas, NumPy")), "auto");
        Assert.Equal("ru", qa.Profile!.Language);

        var english = Extractor.Extract(Questionnaire.Text("I mostly use PyTorch and Docker, with some Kubernetes at work."), "auto");
        Assert.Equal("en", english.Profile!.Language);

        var russian = Extractor.Extract(Questionnaire.Text("В основном PyTorch, Docker, Kubernetes, Airflow, MLflow, FastAPI, PostgreSQL на работе."), "auto");
        Assert.Equal("ru", russian.Profile!.Language);
    }

    [Fact]
    public void Broad_concepts_and_job_titles_rank_below_the_tools_that_show_them()
    {
        var p = Profile("""
            ## Опыт
            #### Acme - Backend developer
            Работаю с базами данных: в основном PostgreSQL в проде, иногда Redis.
            """);
        double Level(string id) => p.Skills.Single(s => s.SkillId == id).Level;
        Assert.True(Level("databases") < Level("postgresql"), p.Skills.Single(s => s.SkillId == "databases").Reason);
        Assert.True(Level("backend-development") < Level("postgresql"));
        Assert.Contains("job title at Acme", p.Skills.Single(s => s.SkillId == "backend-development").Reason);

        // A language in a title is the job itself, not a role word.
        var q = Profile("""
            ## Опыт
            #### Acme - Python developer
            Сервисы на FastAPI.
            """);
        Assert.DoesNotContain("job title", q.Skills.Single(s => s.SkillId == "python").Reason);
    }

    [Theory]
    [InlineData("Институт системного программирования - инженер-программист", "research at Институт системного программирования")]
    [InlineData("University of Edinburgh - software engineer", "research at University of Edinburgh")]
    [InlineData("Школа анализа данных - разработчик", "research at Школа анализа данных")]
    [InlineData("Acme - software engineer", "commercial role at Acme")]
    public void An_entry_at_a_place_of_study_is_academic(string heading, string where)
    {
        var p = Profile($"""
            ## Опыт
            #### {heading}
            Python и PyTorch.
            """);
        Assert.StartsWith(where, p.Skills.Single(s => s.SkillId == "pytorch").Reason);
    }

    [Theory]
    [InlineData("Храним логи в ClickHouse, около 100гб в день.")]
    [InlineData("At work I run Kafka with about 20k events a second, and write Python every day.")]
    public void A_number_with_a_size_suffix_states_a_data_size(string text)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.Contains("with a stated data size", p.Skills.Single(s => s.SkillId is "clickhouse" or "kafka").Reason);
    }

    [Fact]
    public void A_depth_word_choosing_among_the_options_a_question_offers_counts_less()
    {
        double PostgresLevel(string question) => Extractor.Extract(Questionnaire.Qa(
            new QaAnswer(question, "В основном PostgreSQL.")), "auto").Profile!.Skills.Single(s => s.SkillId == "postgresql").Level;
        var prompted = PostgresLevel("Какие СУБД использовали (PostgreSQL, MySQL, MongoDB)?");
        var volunteered = PostgresLevel("Какие СУБД использовали?");
        Assert.True(prompted < volunteered, $"{prompted} vs {volunteered}");
    }

    [Fact]
    public void Where_a_paragraph_opens_holds_for_its_later_sentences()
    {
        var p = Extractor.Extract(Questionnaire.Text(
            "At the internship I work on a FastAPI service. We deploy with Docker Compose on a single VPS."), "auto").Profile!;
        Assert.StartsWith("used at work", p.Skills.Single(s => s.SkillId == "docker-compose").Reason);
    }

    [Theory]
    [InlineData("Pet project: a price scraper with BeautifulSoup, it sends me an alert when a GPU drops below a threshold.", "gpu-computing", "beautifulsoup")]
    [InlineData("Python daily. I run a book club, this month it's Kafka's The Trial, which suits someone who debugs Airflow retries.", "kafka", "python")]
    public void A_skill_across_a_subordinate_clause_gives_an_ambiguous_word_no_context(string text, string absent, string present)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == present);
        Assert.DoesNotContain(p.Skills, s => s.SkillId == absent);
        // Beside the same skill without the subordinate clause, the word stands.
        var plain = Extractor.Extract(Questionnaire.Text("Pet project on BeautifulSoup and a GPU box for CUDA kernels."), "auto").Profile!;
        Assert.Contains(plain.Skills, s => s.SkillId == "gpu-computing");
    }

    [Theory]
    [InlineData("Power BI every day. Our data scientists own all the forecasting models; I just surface their outputs.", "time-series-forecasting")]
    [InlineData("Airflow каждый день. Сам Airflow крутится в кубере, но кластер держит платформенная команда, я туда не лезу.", "kubernetes")]
    public void Work_another_team_owns_is_not_the_candidates(string text, string absent)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == absent && s.Source != SkillSource.Inferred);
    }

    [Fact]
    public void A_role_that_ended_before_the_latest_counts_for_less_than_the_current_one()
    {
        double Level(ExtractedProfile p, string id) => p.Skills.Single(s => s.SkillId == id).Level;
        var dated = Profile("""
            ## Experience
            #### Wolt - DevOps Engineer (2021 - present)
            Kubernetes for our services.
            #### Local ISP - Linux sysadmin (2017 - 2021)
            Zabbix for our services.
            """);
        Assert.True(Level(dated, "kubernetes") > Level(dated, "zabbix"), $"{Level(dated, "kubernetes")} vs {Level(dated, "zabbix")}");
        Assert.Contains("an earlier role (until 2021)", dated.Skills.Single(s => s.SkillId == "zabbix").Reason);
        Assert.DoesNotContain("earlier role", dated.Skills.Single(s => s.SkillId == "kubernetes").Reason);
        // The same entries without years: nothing says which came first, so neither is lowered.
        var undated = Profile("""
            ## Experience
            #### Wolt - DevOps Engineer
            Kubernetes for our services.
            #### Local ISP - Linux sysadmin
            Zabbix for our services.
            """);
        Assert.Equal(Level(undated, "kubernetes"), Level(undated, "zabbix"));
    }

    [Fact]
    public void A_depth_word_with_an_object_of_its_own_does_not_reach_a_later_skill()
    {
        var p = Extractor.Extract(Questionnaire.Text(
            "I volunteer at the zoo, mostly with the red pandas — my team finds that funny given my Python level."), "auto").Profile!;
        Assert.DoesNotContain("mostly", p.Skills.Single(s => s.SkillId == "python").Reason);
        var q = Extractor.Extract(Questionnaire.Text("Mostly: Python and Go."), "auto").Profile!;
        Assert.Contains("Mostly", q.Skills.Single(s => s.SkillId == "python").Reason);
    }

    [Fact]
    public void A_previous_job_named_in_words_holds_for_its_sentence_only_and_counts_for_less()
    {
        var p = Extractor.Extract(Questionnaire.Qa(new QaAnswer("Messaging and integration experience?",
            "RabbitMQ at the previous job for order events. Here it's Kafka: we consume bank statement events. Between internal services we use gRPC.")), "auto").Profile!;
        ProfileSkill Skill(string id) => p.Skills.Single(s => s.SkillId == id);
        Assert.Contains("previous job", Skill("rabbitmq").Reason);
        Assert.DoesNotContain("previous job", Skill("kafka").Reason);
        Assert.DoesNotContain("previous job", Skill("grpc").Reason);
        Assert.True(Skill("kafka").Level > Skill("rabbitmq").Level, $"{Skill("kafka").Level} vs {Skill("rabbitmq").Level}");
    }

    [Theory]
    [InlineData("I consume REST and GraphQL (Apollo Client).", "graphql")]
    [InlineData("Контракты описываем в OpenAPI и генерим из них клиентов.", "openapi")]
    public void A_client_or_customer_is_not_a_word_for_paid_work(string text, string id)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.DoesNotContain("used at work", p.Skills.Single(s => s.SkillId == id).Reason);
    }

    [Fact]
    public void A_tool_named_inside_another_skills_phrase_is_found_too()
    {
        var p = Extractor.Extract(Questionnaire.Text("Led the split of the SPA into micro-frontends with Webpack Module Federation."), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "webpack" && s.Source == SkillSource.Mentioned);
        Assert.Contains(p.Skills, s => s.SkillId == "micro-frontends" && s.Source == SkillSource.Mentioned);
    }

    [Fact]
    public void Where_a_clause_says_the_work_was_done_holds_for_the_rest_of_its_sentence()
    {
        var p = Extractor.Extract(Questionnaire.Text(
            "At the internship I work on a FastAPI service for hotel search: Pydantic models, async SQLAlchemy with PostgreSQL."), "auto").Profile!;
        Assert.StartsWith("used at work", p.Skills.Single(s => s.SkillId == "sqlalchemy").Reason);
        // Not across a conjunction.
        var q = Extractor.Extract(Questionnaire.Text("На работе пишу на Python, а дома для себя пробую Rust."), "auto").Profile!;
        Assert.DoesNotContain("used at work", q.Skills.Single(s => s.SkillId == "rust").Reason);
    }

    [Theory]
    [InlineData("I wrote the tests with pytest and got coverage from 40% to 85%.")]
    [InlineData("Переписали сервис на Python и ускорили ответы на 40%.")]
    public void A_metric_that_moved_is_not_a_small_share_of_the_work(string text)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.All(p.Skills.Where(s => s.Source == SkillSource.Mentioned), s => Assert.DoesNotContain("hedged", s.Reason));
    }

    [Fact]
    public void A_cue_in_brackets_stays_in_them()
    {
        var p = Extractor.Extract(Questionnaire.Text("Навыки: C#, PostgreSQL (базово, на пет-проекте), RabbitMQ, Redis."), "auto").Profile!;
        Assert.Contains("пет-проект", p.Skills.Single(s => s.SkillId == "postgresql").Reason);
        Assert.DoesNotContain("пет-проект", p.Skills.Single(s => s.SkillId == "rabbitmq").Reason);
    }

    [Fact]
    public void An_ordinary_adjective_is_not_a_skill_whose_name_it_spells()
    {
        var p = Extractor.Extract(Questionnaire.Text("Power BI — expert. Tableau — solid, two years on a client project."), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == "solid");
        var q = Extractor.Extract(Questionnaire.Text("I follow SOLID and write tests in Java."), "auto").Profile!;
        Assert.Contains(q.Skills, s => s.SkillId == "solid");
    }

    [Theory]
    [InlineData("В прошлом году переехали с Jenkins на GitLab CI.", "jenkins", "gitlab-ci")]
    [InlineData("Вынес расчёт слотов из старого PHP-монолита в отдельный сервис на Go.", "php", "go")]
    [InlineData("Last year we migrated from MySQL to PostgreSQL.", "mysql", "postgresql")]
    [InlineData("Логи — сначала был ELK, потом переехали на Loki.", "elk", "loki")]
    public void What_the_candidate_moved_away_from_is_in_the_past(string text, string left, string came)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        ProfileSkill Skill(string id) => p.Skills.Single(s => s.SkillId == id);
        Assert.Contains("moved away from it", Skill(left).Reason);
        Assert.True(Skill(came).Level > Skill(left).Level, $"{Skill(came).Level} vs {Skill(left).Level}");
        // "с" is also "with": without a verb of moving, nothing is left behind.
        var q = Extractor.Extract(Questionnaire.Text("Работал с Jenkins и GitLab CI на проекте."), "auto").Profile!;
        Assert.DoesNotContain(q.Skills, s => (s.Reason ?? "").Contains("moved away", StringComparison.Ordinal));
    }

    [Theory]
    // a bracketed aside shares the denial of the skill it glosses
    [InlineData("Синтезом речи (TTS) не занималась никогда. Python каждый день.", "tts")]
    // a sentence that opens with a wish is a wish to its end
    [InlineData("Хочу разобраться со speech LLM — моделями, где энкодер стыкуется с языковой моделью. Python каждый день.", "language-models")]
    // a team other than the candidate's
    [InlineData("Модели экспортирую в ONNX и отдаю команде MLOps, дальше деплой — их зона. Python каждый день.", "mlops")]
    // others named by a compound role noun, and by "это к"
    [InlineData("Левел-дизайном занимаются геймдизайнеры. Unity и C# каждый день.", "level-design")]
    [InlineData("Процедуры и оптимизация запросов — это к нашему программисту. Excel каждый день.", "query-optimization")]
    // a pronoun in the dative carries the others' claim back across "но"
    [InlineData("Пишу на Python каждый день. Kafka у нас есть, но ей целиком занимается команда стриминга.", "kafka")]
    // a named team of the company does what its clause says next
    [InlineData("Python every day. Our R&D group is starting an LLM assistant for support; no hands-on yet for me.", "llm")]
    public void Colleagues_teams_wishes_and_glosses_are_not_the_candidates_skills(string text, string skill)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == skill && s.Source == SkillSource.Mentioned);
    }

    [Fact]
    public void An_entry_whose_role_names_a_skill_gives_ambiguous_names_their_context()
    {
        const string entry = "## Experience\n#### Tallbird Health - Senior iOS Engineer (2021 - present)\nOffline mode is built on Core Data with a background sync.";
        var p = Extractor.Extract(Questionnaire.Markdown(entry), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "core-data" && s.Source == SkillSource.Mentioned);
        var q = Extractor.Extract(Questionnaire.Markdown(entry.Replace("Senior iOS Engineer", "Office manager")
            + "\n\nPython scripts for reports."), "auto").Profile!;
        Assert.DoesNotContain(q.Skills, s => s.SkillId == "core-data");
    }

    [Fact]
    public void An_adjective_of_need_is_not_a_job_requirement()
    {
        // "нужными" shares a stem with "нужно", the wording of a vacancy; only the written forms are that cue.
        var p = Extractor.Extract(Questionnaire.Text("Постгрес: пишу SELECT с JOIN-ами, чтобы проверить, что заказ записался с нужными статусами."), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "postgresql" && s.Source == SkillSource.Mentioned);
    }

    [Fact]
    public void A_sentence_that_only_names_a_skill_is_the_topic_of_the_next()
    {
        var p = Extractor.Extract(Questionnaire.Text("PostgreSQL каждый день. Кубернетес. Честно — почти не работал: базы у нас на железе."), "auto").Profile!;
        var k8s = p.Skills.Single(s => s.SkillId == "kubernetes");
        Assert.True(k8s.Level <= 0.25, $"kubernetes at {k8s.Level}: {k8s.Reason}");
        // Ours stays ours: "в команде MLOps" is the candidate's own team.
        var q = Extractor.Extract(Questionnaire.Text("Три года в команде MLOps: Kubeflow, MLflow каждый день."), "auto").Profile!;
        Assert.Contains(q.Skills, s => s.SkillId == "mlops" && s.Source == SkillSource.Mentioned);
        var r = Extractor.Extract(Questionnaire.Text("Kotlin daily. When I joined the current team we were splitting the monolith into microservices."), "auto").Profile!;
        Assert.Contains(r.Skills, s => s.SkillId == "microservices" && s.Source == SkillSource.Mentioned);
    }

    [Fact]
    public void Together_with_is_not_instead_of()
    {
        // "вместе" and "вместо" share a stem: only the exact word is a negation.
        var p = Extractor.Extract(Questionnaire.Text("Юнит-экономику строили вместе с финансистами в гугл-таблицах."), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "google-sheets" && s.Source == SkillSource.Mentioned);
        var q = Extractor.Extract(Questionnaire.Text("Вместо Jenkins используем GitLab CI каждый день."), "auto").Profile!;
        Assert.DoesNotContain(q.Skills, s => s.SkillId == "jenkins");
        Assert.Contains(q.Skills, s => s.SkillId == "gitlab-ci");
    }

    [Theory]
    [InlineData("PostgreSQL каждый день. Кубернетес. Честно — почти не работал: сервисы в кубере деплоит платформенная команда, я туда не хожу.", "kubernetes")]
    [InlineData("PostgreSQL daily. Kubernetes: I have hardly used it, our services on Kubernetes are run by the platform team.", "kubernetes")]
    public void Hardly_used_and_done_by_others_is_not_the_candidates(string text, string denied)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == denied);
        Assert.Contains(p.Skills, s => s.SkillId == "postgresql");
    }

    [Fact]
    public void Required_checks_are_a_thing_the_candidate_set_up_not_a_need()
    {
        // "required" says what a job needs; "required checks" (a CI setting) does not.
        var p = Extractor.Extract(Questionnaire.Text("Semgrep and Trivy run on every pull request, all in GitHub Actions as required checks."), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "github-actions" && s.Source == SkillSource.Mentioned);
    }

    [Fact]
    public void Lacking_depth_in_what_others_built_is_still_a_weak_skill()
    {
        // "Not enough deep experience" says there is some: the candidate reviewed the model the others built.
        var p = Extractor.Extract(Questionnaire.Text(
            "В проде двухбашенная нейросетевая модель — её делали ребята, я ревьюил. Чего мне не хватает: глубокого опыта в нейронных сетях."), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "neural-networks" && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    [InlineData("LightGBM каждый день. XGBoost почти не использую.", "xgboost", "lightgbm")]
    [InlineData("I write Go daily; I hardly ever touch Python these days.", "python", "go")]
    public void Almost_never_is_a_weak_skill_not_a_denied_one(string text, string weak, string main)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        var skill = p.Skills.Single(s => s.SkillId == weak);
        Assert.Equal(SkillSource.Mentioned, skill.Source);
        Assert.DoesNotContain(weak, p.Denied ?? []);
        Assert.True(skill.Level < p.Skills.Single(s => s.SkillId == main).Level, $"{weak} {skill.Level}");
        Assert.Contains("hedged", skill.Reason);
    }

    [Fact]
    public void A_denial_after_a_list_closed_by_a_conjunction_is_about_what_follows_the_list()
    {
        var p = Extractor.Extract(Questionnaire.Text("Работа с базой — pgx и sqlx, ORM у нас принципиально не используем, всё на чистом SQL."), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "pgx" && s.Source == SkillSource.Mentioned);
        Assert.Contains(p.Skills, s => s.SkillId == "sqlx" && s.Source == SkillSource.Mentioned);
        Assert.Contains("orm", p.Denied ?? []);
        // An open list is still denied as a whole.
        var q = Extractor.Extract(Questionnaire.Text("Python каждый день. MongoDB, ClickHouse — не использовал."), "auto").Profile!;
        Assert.DoesNotContain(q.Skills, s => s.SkillId is "mongodb" or "clickhouse");
    }

    [Theory]
    [InlineData("I don't train the models myself: our two computer vision researchers do. I own serving with Triton Inference Server.", "computer-vision", "triton-inference-server")]
    [InlineData("Модели обучают наши ML-инженеры, я отвечаю за Kubernetes и мониторинг.", "machine-learning", "kubernetes")]
    public void A_skill_naming_the_trade_of_the_candidates_colleagues_is_not_theirs(string text, string colleagues, string own)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == colleagues && s.Source == SkillSource.Mentioned);
        Assert.Contains(p.Skills, s => s.SkillId == own && s.Source == SkillSource.Mentioned);
        var self = Extractor.Extract(Questionnaire.Text("I am a computer vision researcher; I train detectors with PyTorch."), "auto").Profile!;
        Assert.Contains(self.Skills, s => s.SkillId == "computer-vision" && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    [InlineData("We moved all SQL transformations in Redshift to dbt last year. Airflow runs the DAGs.", "dbt", "airflow")]
    [InlineData("Детекция: сначала YOLOv5, потом переехали на YOLOv8. Разметка в CVAT.", "yolo", "cvat")]
    public void What_the_work_was_moved_onto_is_the_current_tool_and_known_in_depth(string text, string onto, string other)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        ProfileSkill Skill(string id) => p.Skills.Single(s => s.SkillId == id);
        Assert.Contains("moved to it", Skill(onto).Reason);
        Assert.True(Skill(onto).Level > Skill(other).Level, $"{onto} {Skill(onto).Level} vs {other} {Skill(other).Level}");
        Assert.DoesNotContain("moved away", Skill(onto).Reason);
    }

    [Fact]
    public void A_question_about_the_tasks_a_candidate_applied_something_to_is_not_about_pet_projects()
    {
        const string question = "## 2. У вас есть опыт применения нейронных сетей? Если да, опишите проекты или задачи, в которых вы их применяли.";
        var p = Profile(question + "\nДетекция: сначала YOLOv5, потом YOLOv8.");
        var yolo = p.Skills.Single(s => s.SkillId == "yolo");
        Assert.DoesNotContain("project", yolo.Reason);
        var own = Profile("## 2. Опишите свои проекты.\nДетекция: сначала YOLOv5, потом YOLOv8.");
        Assert.StartsWith("project", own.Skills.Single(s => s.SkillId == "yolo").Reason);
    }

    [Fact]
    public void Confidence_of_a_model_is_not_the_candidates_confidence()
    {
        var p = Extractor.Extract(Questionnaire.Text("Свой сервис поверх CVAT: отбираем кадры с низкой уверенностью модели."), "auto").Profile!;
        Assert.DoesNotContain("уверенност", p.Skills.Single(s => s.SkillId == "cvat").Reason);
        var q = Extractor.Extract(Questionnaire.Text("Уверенно владею Python."), "auto").Profile!;
        Assert.Contains("Уверенно", q.Skills.Single(s => s.SkillId == "python").Reason);
    }

    [Fact]
    public void Open_source_models_are_not_an_own_project()
    {
        var p = Extractor.Extract(Questionnaire.Text("В основном дообучение open source моделей: LoRA на Llama-3-8B через peft."), "auto").Profile!;
        Assert.DoesNotContain("project", p.Skills.Single(s => s.SkillId == "lora").Reason);
        var q = Extractor.Extract(Questionnaire.Text("Open source contributions: a few PRs to FastAPI."), "auto").Profile!;
        Assert.Contains("project", q.Skills.Single(s => s.SkillId == "fastapi").Reason);
    }

    [Fact]
    public void A_label_that_says_nothing_introduces_more_of_the_work_before_it()
    {
        var p = Extractor.Extract(Questionnaire.Text("""
            For the last three years I've been the ML platform engineer at an inspection startup.

            Concretely:
            - Tracking: MLflow for experiments and the model registry.
            """), "auto").Profile!;
        Assert.StartsWith("answer about work", p.Skills.Single(s => s.SkillId == "mlflow").Reason);
        // Without the paragraph about work, the same list says nothing of where.
        var q = Extractor.Extract(Questionnaire.Text("""
            I'm writing about the MLOps opening.

            Concretely:
            - Tracking: MLflow for experiments and the model registry.
            """), "auto").Profile!;
        Assert.DoesNotContain("work", q.Skills.Single(s => s.SkillId == "mlflow").Reason);
    }

    [Fact]
    public void A_cue_whose_doer_follows_needs_a_doer()
    {
        var p = Extractor.Extract(Questionnaire.Text(
            "Сейчас руковожу командой в банке. Зона ответственности — модели для розничного кредитования: скоринг заявок, модели оттока."), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "credit-scoring" && s.Source == SkillSource.Mentioned);
        var q = Extractor.Extract(Questionnaire.Text("Python каждый день. Деплой в Kubernetes — зона DevOps, я туда не лезу."), "auto").Profile!;
        Assert.DoesNotContain(q.Skills, s => s.SkillId == "kubernetes" && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    [InlineData("Python daily. I no longer use Docker Swarm.", "docker-swarm", "no longer")]
    [InlineData("Go каждый день. На Java больше не пишу.", "java", "больше не")]
    [InlineData("Go каждый день. PHP — два года на прошлой работе, сейчас не пишу.", "php", "сейчас не")]
    public void What_the_candidate_no_longer_uses_is_kept_in_the_past(string text, string id, string cue)
    {
        var p = Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        var skill = p.Skills.Single(s => s.SkillId == id);
        Assert.Contains($"in the past: '{cue}'", skill.Reason);
        // No higher than the highest cap a cue of the past gives in the shipped lexicons ("на одной из работ", 0.55).
        Assert.True(skill.Level <= 0.55, $"{skill.Level}");
    }

    [Fact]
    public void Before_that_names_a_previous_job()
    {
        var p = Extractor.Extract(Questionnaire.Text(
            "Сейчас работаю в логистической компании: ASP.NET Core. До этого полтора года в аутсорсе: WPF-приложение для склада."), "auto").Profile!;
        ProfileSkill Skill(string id) => p.Skills.Single(s => s.SkillId == id);
        Assert.Contains("До этого", Skill("wpf").Reason);
        Assert.True(Skill("aspnet-core").Level > Skill("wpf").Level, $"{Skill("aspnet-core").Level} vs {Skill("wpf").Level}");
    }
}
