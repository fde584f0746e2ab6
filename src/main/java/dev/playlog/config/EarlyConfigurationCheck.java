package dev.playlog.config;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.boot.validation.MessageInterpolatorFactory;
import org.springframework.util.ClassUtils;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Binds and validates every {@code playlog.*} record, and checks the routes folder, before any bean is created: a
 * bad value stops start-up in about a second with Spring Boot's report naming key, value and rule, instead of half a
 * minute later (after the embedded Kafka broker and S3 server started) with a stack trace.
 */
@Configuration(proxyBeanMethods = false)
public class EarlyConfigurationCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String ROUTES_DIR = "playlog.routes-dir";
    private static final String BASE_PACKAGE = "dev.playlog";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment);
    }

    /** Throws Boot's {@code BindException} (a record) or {@link InvalidConfigurationException} (the routes folder). */
    static void check(Environment environment) {
        Binder binder = Binder.get(environment);
        try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new MessageInterpolatorFactory().getObject()).buildValidatorFactory()) {
            BindHandler validating = new ValidationBindHandler(new SpringValidatorAdapter(factory.getValidator()));
            for (Class<?> record : records()) {
                ConfigurationProperties annotation = AnnotationUtils.findAnnotation(record, ConfigurationProperties.class);
                String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
                binder.bindOrCreate(prefix, Bindable.of(record), validating);
            }
        }
        checkRoutesDir(environment.getProperty(ROUTES_DIR));
    }

    static void checkRoutesDir(String routesDir) {
        if (routesDir == null || routesDir.isBlank()) {
            return; // application.yaml always sets it; a test context without it has no routes to load
        }
        Path dir = Path.of(routesDir).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new InvalidConfigurationException(ROUTES_DIR, routesDir, "must be a folder of Camel route files (*.yaml);"
                    + " " + dir + (Files.exists(dir) ? " is not a folder" : " does not exist")
                    + ". Run Playlog from the repository root, or point it at the routes folder");
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.noneMatch(f -> f.getFileName().toString().endsWith(".yaml"))) {
                throw new InvalidConfigurationException(ROUTES_DIR, routesDir, "must hold the route files (*.yaml); " + dir
                        + " has none");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + ROUTES_DIR + " " + dir, e);
        }
    }

    /** Every {@code @ConfigurationProperties} record of Playlog, found the way {@code @ConfigurationPropertiesScan} does. */
    static List<Class<?>> records() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> records = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(BASE_PACKAGE)) {
            records.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), EarlyConfigurationCheck.class.getClassLoader()));
        }
        return records;
    }
}
