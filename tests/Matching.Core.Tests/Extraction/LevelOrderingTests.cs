using Matching.Core.Extraction;
using Matching.Core.Profiles;

namespace Matching.Core.Tests.Extraction;

/// <summary>
/// Levels order skills as a reader of the questionnaire would: where a skill was used (commercial work &gt; own projects
/// &gt; a list of known tools &gt; a course), what is said of it ("в основном", "mainly" raise; "немного", student years
/// lower), how often it comes back, and what the narrower skills named show of a broader one.
/// </summary>
public sealed class LevelOrderingTests
{
    private static readonly SkillExtractor Extractor = TestTaxonomy.Extractor;

    private static ExtractedProfile Profile(Questionnaire q)
    {
        var result = Extractor.Extract(q, "auto");
        Assert.True(result.Profile is not null, $"extraction failed: {result.Failure}");
        return result.Profile!;
    }

    /// <summary>With the shipped taxonomy, for skills the test taxonomy does not have.</summary>
    private static ExtractedProfile RealProfile(Questionnaire q)
    {
        var result = RealTaxonomy.Extractor.Extract(q, "auto");
        Assert.True(result.Profile is not null, $"extraction failed: {result.Failure}");
        return result.Profile!;
    }

    private static ProfileSkill Skill(ExtractedProfile p, string id) =>
        p.Skills.FirstOrDefault(s => s.SkillId == id) ?? throw new Xunit.Sdk.XunitException($"{id} is not in the profile");

    private static double Level(ExtractedProfile p, string id) => Skill(p, id).Level;

    [Fact]
    public void Commercial_work_beats_an_own_project_and_a_tools_list_which_both_beat_a_course()
    {
        var p = Profile(Questionnaire.Markdown("""
            ## Опыт
            #### Acme - Backend developer
            Сервисы на Java.
            ## Пет-проекты
            Для себя написал бота на Scala.
            ## Какие инструменты используете?
            Docker
            ## Образование
            На курсе писал консьюмеры на Kafka.
            """));
        Assert.True(Level(p, "java") > Level(p, "scala"), $"{Skill(p, "java")} vs {Skill(p, "scala")}");
        Assert.True(Level(p, "java") > Level(p, "docker"), $"{Skill(p, "java")} vs {Skill(p, "docker")}");
        Assert.True(Level(p, "scala") > Level(p, "kafka"), $"{Skill(p, "scala")} vs {Skill(p, "kafka")}");
        Assert.True(Level(p, "docker") > Level(p, "kafka"), $"{Skill(p, "docker")} vs {Skill(p, "kafka")}");
        Assert.Contains("own project", Skill(p, "scala").Reason);
    }

    [Theory]
    [InlineData("Использую Python и Java.", "Использую в основном Python, Java — немного.")]
    [InlineData("Использую Python и Java.", "В основном Python, Java была в студенчестве.")]
    [InlineData("I use Python and Java.", "I mainly use Python, and Java a little.")]
    public void Mainly_raises_and_a_little_or_student_years_lower(string plain, string said)
    {
        var before = Profile(Questionnaire.Text(plain));
        var after = Profile(Questionnaire.Text(said));
        Assert.True(Level(after, "python") > Level(before, "python"), Skill(after, "python").Reason);
        Assert.True(Level(after, "java") < Level(before, "java"), Skill(after, "java").Reason);
        Assert.True(Level(after, "python") > Level(after, "java"));
    }

    [Fact]
    public void A_broader_skill_named_in_passing_is_raised_towards_the_narrower_work_shown_but_stays_below_it()
    {
        var p = Profile(Questionnaire.Markdown("""
            ## Опыт
            #### Acme - CV engineer
            Детектор на YOLO в проде, 3 года.
            ## Какие инструменты используете?
            Из DL torch, docker.
            """));
        var dl = Skill(p, "deep-learning");
        Assert.Equal(SkillSource.Mentioned, dl.Source);
        // Raised to LevelModel.ParentShare of YOLO (matching a "deep learning" requirement gets about what inference
        // would give), but the tool the candidate used stays above the concept in the profile.
        Assert.Equal(Math.Round(Level(p, "yolo") * LevelModel.ParentShare, 2), dl.Level, 3);
        Assert.True(dl.Level < Level(p, "yolo"), dl.Reason);
        Assert.Contains("YOLO", dl.Reason);

        // The candidate's own hedge on the broader skill stands.
        var hedged = Profile(Questionnaire.Markdown("""
            ## Опыт
            #### Acme - CV engineer
            Детектор на YOLO в проде, 3 года.
            ## Какие инструменты используете?
            DL в целом знаю базово, docker.
            """));
        Assert.True(Level(hedged, "deep-learning") < Level(hedged, "yolo"));
    }

    [Fact]
    public void A_skill_named_in_two_answers_outranks_one_repeated_in_a_single_answer()
    {
        var p = Profile(Questionnaire.Qa(
            new QaAnswer("Какие инструменты используете?", "Docker, PyTorch. Docker для сервисов."),
            new QaAnswer("С какими библиотеками работаете?", "PyTorch, numpy.")));
        Assert.True(Level(p, "pytorch") > Level(p, "docker"), $"{Skill(p, "pytorch")} vs {Skill(p, "docker")}");
        Assert.Contains("2 parts", Skill(p, "pytorch").Reason);
        Assert.True(Level(p, "pytorch") - 0.5 <= 0.12);
    }

    [Fact]
    public void Years_leading_a_list_reach_its_bare_items()
    {
        var p = Profile(Questionnaire.Text("Последние 3 года: Java, Kafka, Redis. Docker упоминаю."));
        foreach (var id in new[] { "java", "kafka", "redis" })
            Assert.Contains("3 years", Skill(p, id).Reason);
        Assert.True(Level(p, "redis") > Level(p, "docker"));
    }

    [Fact]
    public void Only_one_skill_excludes_its_siblings_not_its_whole_category()
    {
        // "Только TF-IDF" is about classical text features; it does not cancel the LLM named later (same category).
        var p = Profile(Questionnaire.Text("Для бейзлайнов только TF-IDF. Генерацию делали на Llama и GPT."));
        Assert.Equal(SkillSource.Mentioned, Skill(p, "llama").Source);
        // "Только Python" still means no other language from an ambiguous alias (see SkillExtractorTests).
        var q = Profile(Questionnaire.Markdown("""
            ## Какой язык программирования вы используете?
            Только Python
            ## Опишите проект
            Сервис на Python, Go в названии модулей.
            """));
        Assert.DoesNotContain(q.Skills, s => s.SkillId == "go");
    }

    [Fact]
    public void A_skill_the_candidate_says_is_behind_them_ranks_as_one_moved_away_from_with_its_frameworks()
    {
        var p = RealProfile(Questionnaire.Markdown("""
            #### Acme - Backend developer (Go), 2021 - н.в.
            Распиливали монолит на PHP на микросервисы на Go, сервисы в Kubernetes.
            #### Beta - Junior PHP developer, 2019 - 2021
            Laravel, внутренняя админка.
            ## Какие языки используете?
            Go — основной. PHP — раньше, сейчас только читаю легаси.
            """));
        Assert.True(Level(p, "php") <= 0.45, $"php {Level(p, "php")}");
        Assert.True(Level(p, "laravel") <= 0.45, $"laravel {Level(p, "laravel")}");
        Assert.True(Level(p, "kubernetes") > Level(p, "php"));
        Assert.Contains("in the past", Skill(p, "php").Reason);
    }

    [Fact]
    public void Saying_how_often_counts_in_full_in_an_answer_to_a_question_that_offers_options()
    {
        var p = RealProfile(Questionnaire.Markdown("""
            ## Контейнеризация и оркестрация (Docker, Kubernetes)?
            Docker каждый день. Kubernetes в основном через готовые чарты.
            ## Какие ещё инструменты?
            Terraform, Ansible, Vault.
            """));
        // "в основном" chooses among the options the question offers (half weight); "каждый день" does not choose.
        Assert.True(Level(p, "docker") > Level(p, "kubernetes"), $"docker {Level(p, "docker")}, kubernetes {Level(p, "kubernetes")}");
        Assert.True(Level(p, "docker") > Level(p, "terraform"), $"docker {Level(p, "docker")}, terraform {Level(p, "terraform")}");
    }

    [Fact]
    public void An_employer_named_with_words_between_says_the_sentence_is_paid_work()
    {
        var p = RealProfile(Questionnaire.Text(
            "Последние 3 года — в страховой компании: Java 17, Kafka для событий между сервисами, Redis для кэша.\n\n" +
            "Для себя иногда пишу на Rust."));
        Assert.Contains("used at work", Skill(p, "kafka").Reason);
        Assert.True(Level(p, "kafka") > Level(p, "rust"), $"kafka {Level(p, "kafka")}, rust {Level(p, "rust")}");
        var en = RealProfile(Questionnaire.Text("For three years at a mid-size fintech company I built payment services in Go with PostgreSQL."));
        Assert.Contains("used at work", Skill(en, "go").Reason);
    }

    [Fact]
    public void A_long_label_that_names_technology_continues_the_work_before_it()
    {
        var p = RealProfile(Questionnaire.Text(
            "Сейчас я руковожу командой из 9 человек в розничном банке. Зона ответственности — модели кредитования.\n\n" +
            "Что из технической части я делал сам и могу делать до сих пор:\n" +
            "- модели кредитного скоринга на градиентном бустинге (LightGBM, CatBoost);\n" +
            "- очень много SQL: у нас Oracle и Teradata.\n\n" +
            "Для души:\n- пет-проект: CLI-утилита, пишу на Rust."));
        Assert.Contains("answer about work", Skill(p, "lightgbm").Reason);
        Assert.True(Level(p, "lightgbm") > Level(p, "rust"), $"lightgbm {Level(p, "lightgbm")}, rust {Level(p, "rust")}");
        Assert.Contains(p.Skills, s => s.SkillId == "team-leadership" && s.Source == Matching.Core.Profiles.SkillSource.Mentioned);
    }

    [Fact]
    public void A_broader_skill_denied_once_is_implied_again_by_a_main_tool_it_includes_but_not_by_a_tool_named_in_passing()
    {
        var main = RealProfile(Questionnaire.Markdown("""
            ## Облака
            На прошлой работе был один заказчик, поднимал им EC2 руками через консоль, без всякого IaC.
            ## Инфраструктура как код
            Terraform — основной инструмент: свои модули, стейт в S3, каждый день.
            """));
        Assert.DoesNotContain("infrastructure-as-code", main.Denied ?? []);
        Assert.Equal(SkillSource.Inferred, Skill(main, "infrastructure-as-code").Source);
        Assert.Contains(main.Trace["infrastructure-as-code"], step => step.Fact.Contains("Terraform", StringComparison.Ordinal));

        var passing = RealProfile(Questionnaire.Markdown("""
            ## Облака
            На прошлой работе был один заказчик, поднимал им EC2 руками через консоль, без всякого IaC.
            ## Что ещё
            Terraform видел у коллег.
            """));
        Assert.Contains("infrastructure-as-code", passing.Denied ?? []);
        Assert.DoesNotContain(passing.Skills, s => s.SkillId == "infrastructure-as-code");
    }

    [Fact]
    public void The_seed_questionnaire_names_PyTorch_computer_vision_RAG_and_LLM_among_its_ten_strongest_skills()
    {
        var path = Path.Combine(RealTaxonomy.RepositoryRoot, "tests", "Matching.Core.Tests", "Corpus", "00-seed-ml-engineer-ru.md");
        var p = RealProfile(Questionnaire.Markdown(File.ReadAllText(path)));
        var top = p.Skills.Where(s => s.Source == SkillSource.Mentioned).OrderByDescending(s => s.Level).ThenBy(s => s.SkillId, StringComparer.Ordinal)
            .Take(10).Select(s => s.SkillId).ToList();
        foreach (var id in new[] { "pytorch", "computer-vision", "rag", "llm" })
            Assert.True(top.Contains(id), $"{id} is not among the ten strongest: {string.Join(", ", top)}");
        // Generic parents stay below the candidate's tools and specialities.
        foreach (var id in new[] { "databases", "relational-databases", "machine-learning", "deep-learning" })
            Assert.DoesNotContain(id, top);
    }
    private const string Filler = "Мне нравится, когда у команды есть общий ритм и понятные договорённости. " +
        "Ценю спокойные релизы, честные ретро и доверие между людьми. ";

    [Fact]
    public void A_free_text_opens_with_the_candidates_main_work()
    {
        var letter = RealProfile(Questionnaire.Text("Здравствуйте! Пишу на Go.\n\n" + string.Concat(Enumerable.Repeat(Filler, 4))
            + "\n\nЕщё пишу на Rust.\n\n" + string.Concat(Enumerable.Repeat(Filler, 2))));
        Assert.True(Level(letter, "go") > Level(letter, "rust"), $"go {Level(letter, "go")}, rust {Level(letter, "rust")}");
        Assert.Contains("named early on", Skill(letter, "go").Reason);
        Assert.DoesNotContain("named early on", Skill(letter, "rust").Reason);

        // A questionnaire's first questions ask about the candidate's work: what the answers name first counts too.
        var answers = RealProfile(Questionnaire.Qa(new QaAnswer("Расскажите о себе", "Пишу на Go."),
            new QaAnswer("Что важно в команде?", string.Concat(Enumerable.Repeat(Filler, 6))),
            new QaAnswer("Что ещё?", "Ещё пишу на Rust.")));
        Assert.True(Level(answers, "go") > Level(answers, "rust"), $"go {Level(answers, "go")}, rust {Level(answers, "rust")}");
        Assert.Contains("named early on", Skill(answers, "go").Reason);

        // In a few lines order says nothing.
        var shortText = RealProfile(Questionnaire.Text("Пишу на Go. Ещё пишу на Rust."));
        Assert.Equal(Level(shortText, "go"), Level(shortText, "rust"));
    }

    [Fact]
    public void A_skill_named_beside_its_neighbours_outranks_one_named_alone()
    {
        var p = RealProfile(Questionnaire.Qa(
            new QaAnswer("Какие брокеры сообщений используете?", "Kafka и RabbitMQ."),
            new QaAnswer("Как устроены интеграции?", "CDC через Debezium, схемы событий храним в Schema Registry."),
            new QaAnswer("Что важно в команде?", string.Concat(Enumerable.Repeat(Filler, 7)))));
        // Kafka comes with Debezium and Schema Registry, which are built on it; RabbitMQ has only Kafka beside it.
        Assert.True(Level(p, "kafka") > Level(p, "rabbitmq"), $"kafka {Level(p, "kafka")}, rabbitmq {Level(p, "rabbitmq")}");
        Assert.Contains("beside", Skill(p, "kafka").Reason);
    }

    [Fact]
    public void What_the_candidate_left_behind_in_words_ranks_below_what_they_do_now()
    {
        var p = RealProfile(Questionnaire.Text("Before Go I spent 2014–2017 writing Java at a bank, which I left behind and don't plan to go back to. "
            + "Now I build the bidder in Go with Kafka and ClickHouse, every day."));
        Assert.True(Level(p, "go") > Level(p, "java"), $"go {Level(p, "go")}, java {Level(p, "java")}");
        Assert.Contains("in the past", Skill(p, "java").Reason);
        var ru = RealProfile(Questionnaire.Text("Начинал на PHP, через полгода перешёл на голанг: биллинг и API на Echo, каждый день."));
        Assert.True(Level(ru, "go") > Level(ru, "php"), $"go {Level(ru, "go")}, php {Level(ru, "php")}");
    }
}
