package cn.hotline.workforce.training;

import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code /tenants/{t}/training/…}: courses and materials, the question bank, papers, exams, scoring, results. */
@RestController
final class TrainingController {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

    private final Training training;
    private final TrainingProperties properties;

    TrainingController(Training training, TrainingProperties properties) {
        this.training = training;
        this.properties = properties;
    }

    record CourseBody(@Nullable String title, @Nullable String description, @Nullable String category) {}

    @PostMapping("/tenants/{tenant}/training/courses")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Training.Course> addCourse(@PathVariable String tenant, @RequestBody CourseBody b) {
        return TrainingAccess.manager(tenant)
                .flatMap(c -> training.tx(
                        c.tenant(),
                        training.addCourse(
                                c,
                                b.title() == null ? "" : b.title(),
                                b.description() == null ? "" : b.description(),
                                b.category() == null ? "" : b.category())));
    }

    @GetMapping("/tenants/{tenant}/training/courses")
    Flux<Training.Course> courses(@PathVariable String tenant) {
        return TrainingAccess.user(tenant).flatMapMany(c -> training.tx(c.tenant(), training.courses()));
    }

    @GetMapping("/tenants/{tenant}/training/courses/{id}")
    Mono<Training.Course> course(@PathVariable String tenant, @PathVariable UUID id) {
        return TrainingAccess.user(tenant).flatMap(c -> training.tx(c.tenant(), training.course(id)));
    }

    @PostMapping(value = "/tenants/{tenant}/training/courses/{id}/materials", consumes = "multipart/form-data")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Training.Material> addMaterial(
            @PathVariable String tenant, @PathVariable UUID id, @RequestPart("file") FilePart file) {
        return TrainingAccess.manager(tenant).flatMap(c -> DataBufferUtils.join(
                        file.content(), (int) Math.min(Integer.MAX_VALUE, properties.maxMaterialSize()))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> new ProblemException(ProblemCode.PAYLOAD_TOO_LARGE, "the file is too large"))
                .flatMap(bytes -> training.tx(
                        c.tenant(),
                        training.addMaterial(
                                c,
                                id,
                                file.filename(),
                                file.headers().getContentType() == null
                                        ? "application/octet-stream"
                                        : file.headers().getContentType().toString(),
                                bytes))));
    }

    record Link(String url) {}

    @GetMapping("/tenants/{tenant}/training/materials/{id}/link")
    Mono<Link> link(@PathVariable String tenant, @PathVariable UUID id) {
        return TrainingAccess.user(tenant)
                .flatMap(c -> training.tx(c.tenant(), training.link(id)))
                .map(uri -> new Link(uri.toString()));
    }

    record QuestionBody(
            @Nullable String kind,
            @Nullable String category,
            @Nullable Integer difficulty,
            @Nullable String stem,
            @Nullable List<String> options,
            @Nullable List<String> answer,
            @Nullable Integer points) {}

    @PostMapping("/tenants/{tenant}/training/questions")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Question> addQuestion(@PathVariable String tenant, @RequestBody QuestionBody b) {
        return TrainingAccess.manager(tenant).flatMap(c -> {
            Question q;
            try {
                q = new Question(
                        Uuids.v7(),
                        Question.Kind.valueOf(b.kind() == null ? "" : b.kind()),
                        b.category() == null ? "" : b.category(),
                        b.difficulty() == null ? 0 : b.difficulty(),
                        b.stem() == null ? "" : b.stem(),
                        b.options() == null ? List.of() : b.options(),
                        b.answer() == null ? List.of() : b.answer(),
                        b.points() == null ? 0 : b.points(),
                        true);
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, String.valueOf(e.getMessage())));
            }
            return training.tx(c.tenant(), training.addQuestion(c, q));
        });
    }

    @GetMapping("/tenants/{tenant}/training/questions")
    Flux<Question> questions(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable String category) {
        return TrainingAccess.manager(tenant)
                .flatMapMany(c -> training.tx(c.tenant(), training.questions(kind, category)));
    }

    record RuleBody(
            @Nullable String kind, @Nullable String category, @Nullable Integer difficulty, @Nullable Integer count) {}

    record PaperBody(
            @Nullable String title,
            @Nullable Integer durationSeconds,
            @Nullable Long seed,
            @Nullable List<RuleBody> rules) {}

    @PostMapping("/tenants/{tenant}/training/papers")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Training.Paper> createPaper(@PathVariable String tenant, @RequestBody PaperBody b) {
        return TrainingAccess.manager(tenant).flatMap(c -> {
            List<PaperRules.Rule> rules;
            try {
                rules = (b.rules() == null ? List.<RuleBody>of() : b.rules())
                        .stream()
                                .map(r -> new PaperRules.Rule(
                                        Question.Kind.valueOf(r.kind() == null ? "" : r.kind()),
                                        r.category(),
                                        r.difficulty(),
                                        r.count() == null ? 0 : r.count()))
                                .toList();
            } catch (IllegalArgumentException e) {
                return Mono.error(Training.invalid(String.valueOf(e.getMessage()), "rules"));
            }
            return training.tx(
                    c.tenant(),
                    training.createPaper(
                            c,
                            b.title() == null ? "" : b.title(),
                            b.durationSeconds() == null ? 0 : b.durationSeconds(),
                            b.seed(),
                            rules));
        });
    }

    @GetMapping("/tenants/{tenant}/training/papers/{id}")
    Mono<Training.Paper> paper(@PathVariable String tenant, @PathVariable UUID id) {
        return TrainingAccess.manager(tenant).flatMap(c -> training.tx(c.tenant(), training.paper(id)));
    }

    @PostMapping("/tenants/{tenant}/training/papers/{id}/exams")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Training.Exam> start(@PathVariable String tenant, @PathVariable UUID id) {
        return TrainingAccess.user(tenant).flatMap(c -> training.tx(c.tenant(), training.start(c, id)));
    }

    @GetMapping("/tenants/{tenant}/training/exams/{id}")
    Mono<Training.Exam> exam(@PathVariable String tenant, @PathVariable UUID id) {
        return TrainingAccess.user(tenant)
                .flatMap(c -> training.tx(c.tenant(), training.exam(c, id, TrainingAccess.isManager(c))));
    }

    record AnswerBody(@Nullable List<String> answer) {}

    @PutMapping("/tenants/{tenant}/training/exams/{id}/answers/{question}")
    Mono<Training.Exam> answer(
            @PathVariable String tenant,
            @PathVariable UUID id,
            @PathVariable UUID question,
            @RequestBody AnswerBody b) {
        return TrainingAccess.user(tenant).flatMap(c -> training.tx(
                        c.tenant(), training.answer(c, id, question, b.answer() == null ? List.of() : b.answer()))
                .onErrorResume(Training.TimeUp.class, up -> training.tx(c.tenant(), training.submitTimedOut(up.exam))
                        .then(Mono.error(new ProblemException(
                                ProblemCode.ILLEGAL_TRANSITION,
                                "Time is up: the exam was submitted with the answers given before the deadline.",
                                Map.of("exam", up.exam.toString()))))));
    }

    @PostMapping("/tenants/{tenant}/training/exams/{id}/submit")
    Mono<Training.Exam> submit(@PathVariable String tenant, @PathVariable UUID id) {
        return TrainingAccess.user(tenant).flatMap(c -> training.tx(c.tenant(), training.submitOwn(c, id)));
    }

    record ScoreBody(@Nullable Integer points, @Nullable String comment) {}

    @PostMapping("/tenants/{tenant}/training/exams/{id}/answers/{question}/score")
    Mono<Training.Exam> score(
            @PathVariable String tenant, @PathVariable UUID id, @PathVariable UUID question, @RequestBody ScoreBody b) {
        return TrainingAccess.manager(tenant).flatMap(c -> {
            if (b.points() == null) {
                return Mono.error(Training.invalid("points is required", "points"));
            }
            return training.tx(c.tenant(), training.score(c, id, question, b.points(), b.comment()));
        });
    }

    @GetMapping("/tenants/{tenant}/training/papers/{id}/results")
    Flux<Training.Exam> results(@PathVariable String tenant, @PathVariable UUID id) {
        return TrainingAccess.manager(tenant).flatMapMany(c -> training.tx(c.tenant(), training.results(id)));
    }

    @GetMapping("/tenants/{tenant}/training/papers/{id}/results.xlsx")
    Mono<ResponseEntity<byte[]>> resultsXlsx(@PathVariable String tenant, @PathVariable UUID id) {
        return TrainingAccess.manager(tenant)
                .flatMap(c -> training.tx(c.tenant(), training.results(id)).collectList())
                .publishOn(Schedulers.boundedElastic())
                .map(TrainingController::xlsx)
                .map(bytes -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"results-" + id + ".xlsx\"")
                        .body(bytes));
    }

    static byte[] xlsx(List<Training.Exam> exams) {
        try (XSSFWorkbook book = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("成绩");
            String[] header = {"用户", "姓名", "状态", "开始", "交卷", "超时自动交卷", "客观题", "主观题", "总分", "满分"};
            Row top = sheet.createRow(0);
            for (int i = 0; i < header.length; i++) {
                top.createCell(i).setCellValue(header[i]);
            }
            int r = 1;
            for (Training.Exam e : exams) {
                Row row = sheet.createRow(r++);
                row.createCell(0).setCellValue(e.user());
                row.createCell(1).setCellValue(e.userName() == null ? "" : e.userName());
                row.createCell(2).setCellValue(e.status());
                row.createCell(3).setCellValue(TIME.format(e.startedAt()));
                row.createCell(4).setCellValue(e.submittedAt() == null ? "" : TIME.format(e.submittedAt()));
                row.createCell(5).setCellValue(e.autoSubmitted() ? "是" : "否");
                if (e.objectiveScore() != null) {
                    row.createCell(6).setCellValue(e.objectiveScore());
                }
                if (e.manualScore() != null) {
                    row.createCell(7).setCellValue(e.manualScore());
                }
                if (e.totalScore() != null) {
                    row.createCell(8).setCellValue(e.totalScore());
                }
                row.createCell(9).setCellValue(e.totalPoints());
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
