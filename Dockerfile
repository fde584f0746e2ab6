# syntax=docker/dockerfile:1
# Playlog's image, used by the playlog service of docker-compose.yml.

# Build with the Maven wrapper on a JDK; tests run outside the image (./mvnw -B verify).
FROM eclipse-temurin:17-jdk AS build
# npm: the build runs `npm ci` for the dashboard's chart library (package.json)
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY mvnw pom.xml package.json package-lock.json ./
COPY .mvn .mvn
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
    && cp target/playlog-*.jar /src/playlog.jar

# Run on a JRE. python3 + venv: at its first start the app creates the dbt virtualenv in /app/.venv
# (playlog.dbt.venv) and pip-installs dbt/requirements.txt into it; curl is for the health check.
FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv curl \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system playlog && useradd --system --gid playlog --home-dir /app --no-create-home playlog
WORKDIR /app
COPY --from=build /src/playlog.jar app.jar
# Relative paths of application.yaml resolve against /app: routes/, dbt/, config/ (profiles.yml and
# application-compose.yaml), data/ (DuckDB warehouse) and .venv/. data/ and .venv/ are volumes in compose.
COPY routes routes
COPY dbt dbt
COPY config config
RUN mkdir -p data .venv && chown -R playlog:playlog /app
USER playlog
ENV SPRING_PROFILES_ACTIVE=compose
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health > /dev/null || exit 1
ENTRYPOINT ["java", "-Xmx1g", "-XX:+UseParallelGC", "-XX:NewRatio=1", "-Daws.requestChecksumCalculation=WHEN_REQUIRED", "-Daws.responseChecksumValidation=WHEN_REQUIRED", "-jar", "/app/app.jar"]
