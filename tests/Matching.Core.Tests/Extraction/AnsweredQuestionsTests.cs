using Matching.Core.Extraction;
using Matching.Core.Profiles;

namespace Matching.Core.Tests.Extraction;

/// <summary>
/// Yes/no questions that name a skill, answered without naming it — the commonest shape of an HR questionnaire
/// ("Есть ли опыт с Kubernetes?"): a yes gives the skill with the answer as evidence, a no denies it.
/// </summary>
public sealed class AnsweredQuestionsTests
{
    private static ExtractedProfile Profile(params (string Question, string Answer)[] qa)
    {
        var result = RealTaxonomy.Extractor.Extract(Questionnaire.Qa(qa.Select(x => new QaAnswer(x.Question, x.Answer)).ToArray()), "auto");
        Assert.True(result.Profile is not null, $"extraction failed: {result.Failure}");
        return result.Profile!;
    }

    private static readonly (string, string) Anchor = ("Какой у вас основной язык?", "Python, пишу на нём сервисы на FastAPI.");

    private static ProfileSkill? Skill(ExtractedProfile p, string id) =>
        p.Skills.FirstOrDefault(s => s.SkillId == id && s.Source == SkillSource.Mentioned);

    [Fact]
    public void A_yes_gives_the_skill_the_question_names_with_the_answer_as_evidence()
    {
        var p = Profile(Anchor, ("Есть ли опыт с Kubernetes?", "Да, деплою туда свои сервисы каждый день. Кластер поднимал сам."));
        var k8s = Skill(p, "kubernetes");
        Assert.NotNull(k8s);
        var evidence = Assert.Single(k8s.Evidence);
        Assert.Equal(1, evidence.Answer);
        Assert.Equal("Есть ли опыт с Kubernetes?", evidence.Section);
        Assert.Equal("Да, деплою туда свои сервисы каждый день", evidence.Quote);
        Assert.Contains("answered yes", k8s.Reason);
    }

    [Fact]
    public void What_the_answer_says_sets_the_level()
    {
        var p = Profile(Anchor,
            ("Do you use Terraform?", "Yes, daily — all our infrastructure is described in it."),
            ("Знакомы ли с ClickHouse?", "Немного, писал пару запросов."),
            ("Опыт A/B-тестирования?", "Это основная часть моей работы последние два года."));
        var terraform = Skill(p, "terraform")!.Level;
        var clickhouse = Skill(p, "clickhouse")!.Level;
        var ab = Skill(p, "ab-testing")!.Level;
        Assert.True(clickhouse < terraform, $"a little ({clickhouse}) should be below daily ({terraform})");
        Assert.True(clickhouse < ab, $"a little ({clickhouse}) should be below the main part of the work ({ab})");
        Assert.Null(p.YearsOfExperience); // two years of A/B tests are not the career
    }

    [Fact]
    public void A_no_denies_what_was_asked_even_when_the_answer_names_something_else()
    {
        var p = Profile(Anchor,
            ("Работали с Kafka?", "Нет."),
            ("Работали ли вы с R, SAS или SPSS?", "Нет, всё на пайтоне."),
            ("Have you worked with Airflow?", "Not really, only read the docs."),
            ("Have you fine-tuned models?", "No, never. Prompt engineering and better retrieval got us far enough."));
        foreach (var id in new[] { "kafka", "r", "sas", "spss", "airflow", "fine-tuning" })
        {
            Assert.Contains(id, p.Denied ?? []);
            Assert.DoesNotContain(p.Skills, s => s.SkillId == id);
        }
    }

    [Fact]
    public void A_yes_to_a_question_offering_options_or_an_answer_naming_the_skill_is_read_as_usual()
    {
        var p = Profile(Anchor,
            ("Какие СУБД использовали: PostgreSQL, MySQL, Oracle?", "Да, в основном последнюю."),
            ("Есть ли опыт с Docker?", "Docker — только читал про него."));
        Assert.Null(Skill(p, "postgresql"));
        Assert.Null(Skill(p, "mysql"));
        Assert.Null(Skill(p, "oracle-database"));
        Assert.Null(Skill(p, "docker"));
    }

    [Fact]
    public void A_question_that_is_not_about_the_candidates_use_gives_nothing()
    {
        var p = Profile(Anchor,
            ("Почему вы ушли с проекта на Java?", "Да, так получилось: проект закрыли."),
            ("Готовы ли изучить Kotlin?", "Да, конечно."),
            ("Would you be open to working with Scala?", "Yes."));
        Assert.Null(Skill(p, "java"));
        Assert.Null(Skill(p, "kotlin"));
        Assert.Null(Skill(p, "scala"));
    }

    [Fact]
    public void A_broader_skill_named_beside_narrower_ones_is_the_topic_and_the_narrower_ones_are_answered()
    {
        var p = Profile(Anchor, ("Опыт с мониторингом (Prometheus, Grafana)?", "Да, настраивал алертинг и дашборды для всех команд."));
        Assert.NotNull(Skill(p, "prometheus"));
        Assert.NotNull(Skill(p, "grafana"));
    }

    [Fact]
    public void A_yes_that_says_less_than_the_narrower_skills_shown_does_not_lower_the_broader_one()
    {
        var p = Profile(
            ("Расскажите о проектах", "В проде обучаю детекторы на PyTorch, в основном YOLO, каждый день."),
            ("Есть ли опыт с нейронными сетями?", "Да."));
        var nn = p.Skills.First(s => s.SkillId == "neural-networks");
        Assert.True(nn.Level >= p.Skills.First(s => s.SkillId == "yolo").Level * 0.9, $"neural networks at {nn.Level} ({nn.Source})");
    }

    [Fact]
    public void An_answer_made_of_what_the_asked_skill_includes_says_yes_to_it()
    {
        var p = Profile(Anchor,
            ("What LLM-based systems have you built?", "At a fintech startup: a support assistant and an internal RAG bot over our wiki, both in production."),
            ("Опыт A/B-тестирования?", "Это основная часть работы. Дизайн теста, расчёт мощности и MDE, CUPED для снижения дисперсии."));
        var llm = Skill(p, "llm");
        Assert.NotNull(llm);
        Assert.Contains("answered yes", llm.Reason);
        Assert.Equal("What LLM-based systems have you built?", Assert.Single(llm.Evidence).Section);
        var rag = Skill(p, "rag")!;
        Assert.True(llm.Level >= rag.Level * LevelModel.ParentShare - 0.005, $"LLM at {llm.Level} below what RAG at {rag.Level} shows");
        Assert.NotNull(Skill(p, "ab-testing"));
    }

    [Fact]
    public void An_answer_that_opens_with_what_the_asked_skill_includes_says_yes_to_it()
    {
        var sql = ("Какой у вас основной инструмент?", "SQL, пишу запросы к ClickHouse каждый день.");
        var p = Profile(sql,
            ("Python: что умеете?", "pandas, numpy, matplotlib для графиков, scipy и statsmodels для статистики. Работаю в Jupyter."));
        var python = Skill(p, "python");
        Assert.NotNull(python);
        Assert.Equal(SkillSource.Mentioned, python.Source);
        Assert.Contains("answered yes", python.Reason);
        // A first clause that denies says no such thing.
        var no = Profile(sql, ("Python: что умеете?", "pandas не трогала, всё делаю в Excel."));
        Assert.NotEqual(SkillSource.Mentioned, Skill(no, "python")?.Source);
    }

    [Fact]
    public void A_yes_is_a_yes_to_the_topic_the_questions_examples_illustrate()
    {
        var p = Profile(Anchor,
            ("Which tools do you use for API testing — Postman, SoapUI, REST Assured, something else?",
             "Mostly code. Postman I still open for quick pokes. SoapUI — never used it. REST Assured I know by name only."));
        Assert.NotNull(Skill(p, "api-testing"));
        Assert.Contains("answered yes", Skill(p, "api-testing")!.Reason);
        Assert.Null(Skill(p, "rest-assured"));
        // A no says nothing of the topic.
        var no = Profile(Anchor, ("Which tools do you use for API testing — Postman, SoapUI?", "None, I only test the UI by hand."));
        Assert.Null(Skill(no, "api-testing"));
    }

    [Fact]
    public void Anything_else_to_add_is_no_question_about_wishes()
    {
        var p = Profile(Anchor,
            ("Что ещё хотите добавить?", "Менторю одного джуна, провожу код-ревью всех мерж-реквестов в наш репо."),
            ("Anything else you'd like to add?", "I run the company book club. I'd also like to try Rust someday for small CLI tools."));
        Assert.NotNull(Skill(p, "mentoring"));
        Assert.NotNull(Skill(p, "code-review"));
        // A wish said in such an answer is still a wish.
        Assert.Null(Skill(p, "rust"));
    }

    [Fact]
    public void An_answer_about_something_else_or_a_broad_concept_asked_about_says_nothing_of_it()
    {
        var p = Profile(Anchor,
            ("Have you used Kubernetes?", "We deploy with Docker Swarm every day, it is enough for us."),
            ("Which databases have you used at work?", "PostgreSQL at every job, Redis as a cache."));
        Assert.Null(Skill(p, "kubernetes"));
        Assert.NotNull(Skill(p, "postgresql"));
        Assert.Null(Skill(p, "databases"));
    }

    [Theory]
    [InlineData("Have you worked with Hadoop, Hive or NiFi?", "No, I started after the on-prem Hadoop era, so no hands-on with Hive or NiFi.", "hadoop", false)]
    [InlineData("Работали ли с Hadoop?", "Нет, Hadoop застал только в вакансиях, сейчас всё на Spark.", "hadoop", false)]
    [InlineData("Have you worked with Kafka?", "No, but I used Kafka Connect a lot at my last job.", "kafka", true)]
    public void An_answer_that_opens_with_a_no_denies_the_asked_skill_it_names_again(string question, string answer, string skill, bool kept)
    {
        var result = RealTaxonomy.Extractor.Extract(Questionnaire.Qa(new QaAnswer("Which language do you write in?", "Python every day."),
            new QaAnswer(question, answer)), "auto");
        var p = result.Profile!;
        Assert.Equal(kept, p.Skills.Any(s => s.SkillId == skill && s.Source == SkillSource.Mentioned));
    }

    [Fact]
    public void A_prompt_to_tell_of_a_skill_answered_plainly_gives_it()
    {
        var p = Profile(Anchor, ("4. Walk us through an A/B test you designed end to end.",
            "Last autumn we tested a cheaper starter pack. Before launch I ran a power analysis on payer conversion."));
        var ab = Skill(p, "ab-testing");
        Assert.NotNull(ab);
        Assert.Contains("answered yes", ab.Reason);
        // A prompt answered with another's work is no yes.
        var theirs = Profile(Anchor, ("Tell us about your Kubernetes experience.", "The platform team owns the clusters; I only read logs."));
        Assert.Null(Skill(theirs, "kubernetes"));
    }

    [Fact]
    public void A_question_about_use_answered_with_what_the_skill_includes_gives_it()
    {
        // Numbered English questions are questions too; "How do you use Python?" asks about use.
        var p = Profile(Anchor, ("8. How do you use Python?", "Jupyter + pandas for anything that doesn't fit into one query, SciPy and statsmodels for the tests."));
        Assert.NotNull(Skill(p, "python"));
        var sql = Profile(Anchor, ("3. Which databases and SQL dialects do you use?",
            "ClickHouse almost exclusively, about 4 billion rows a day. I'm comfortable with window functions."));
        Assert.NotNull(Skill(sql, "sql"));
    }

    [Fact]
    public void A_word_of_willingness_is_a_whole_word_not_the_start_of_a_tool()
    {
        // "open" asks what the candidate would do; OpenTelemetry and capacity planning are what a question asks about.
        var p = Profile(Anchor, ("Have you used OpenTelemetry?", "Yes, daily: every service of ours exports traces through it."));
        Assert.NotNull(Skill(p, "opentelemetry"));
        var would = Profile(Anchor, ("Are you open to learning Terraform?", "Yes, happily."));
        Assert.Null(Skill(would, "terraform"));
    }

    [Fact]
    public void A_question_headed_by_a_skill_asks_about_its_use()
    {
        // "Python: what for, which libraries?" answered with what Python includes is a yes to Python.
        var p = Profile(("Kafka: how do you use it?", "Consumers in Go, about 40k messages a second."),
            ("Python: what for, which libraries?", "Jupyter + pandas + numpy for anything that doesn't fit in SQL, scipy for the tests."));
        var python = Skill(p, "python");
        Assert.NotNull(python);
        Assert.Contains("answered yes", python.Reason);
    }

    [Fact]
    public void A_no_to_all_the_options_stands_for_one_named_later_without_use()
    {
        var p = Profile(Anchor, ("Какие векторные базы данных использовали (Qdrant, Milvus, Weaviate)?",
            "Ни одну из них в работе не использовал. У нас FAISS in-memory. Qdrant смотрели на этапе выбора, это делал не я."));
        Assert.Null(Skill(p, "qdrant"));
        Assert.Contains("qdrant", p.Denied ?? []);
        Assert.NotNull(Skill(p, "faiss"));
        // Named with a word of use, the option is the candidate's whatever the first sentence said.
        var used = Profile(Anchor, ("Какие векторные базы данных использовали (Qdrant, Milvus, Weaviate)?",
            "Ни одну из них в проде не использовал. Qdrant разворачивал на пет-проекте, пишу в него эмбеддинги."));
        Assert.NotNull(Skill(used, "qdrant"));
    }

    [Fact]
    public void A_heading_that_is_a_language_answered_with_its_level_gives_it()
    {
        var p = Profile(Anchor, ("9. Английский", "B1–B2, документацию читаю без проблем, говорю хуже."));
        Assert.NotNull(Skill(p, "english"));
        // A bare heading answered without a level says nothing by itself.
        var q = Profile(Anchor, ("9. Английский", "Подтягиваю, хожу на курсы."));
        Assert.Null(Skill(q, "english"));
    }

    [Fact]
    public void A_bare_no_answers_a_topic_question_as_one_about_use()
    {
        var p = Profile(Anchor, ("Брокеры сообщений (Kafka, RabbitMQ), шины данных?", "Нет. Ни с Kafka, ни с RabbitMQ не работал."));
        Assert.Null(Skill(p, "kafka"));
        Assert.Null(Skill(p, "rabbitmq"));
        Assert.Contains("kafka", p.Denied ?? []);
    }
}
