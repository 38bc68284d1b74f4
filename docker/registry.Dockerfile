# The model registry (models, evaluation keys, and the Confluent schema-registry subset). Build from the
# repository root:   docker build -f docker/registry.Dockerfile -t fhe-streams/registry .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl model-registry -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system fhe && useradd --system --gid fhe --home-dir /app --no-create-home fhe \
    && mkdir -p /app/config /app/data && chown -R fhe:fhe /app
WORKDIR /app
COPY --from=build /src/model-registry/target/fhe-registry.jar /app/fhe-registry.jar
USER fhe
EXPOSE 8081
# the configuration (tokens, storage) is mounted at /app/config/registry.yaml
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/fhe-registry.jar", "--config", "/app/config/registry.yaml"]
