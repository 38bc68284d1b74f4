# The Kafka Streams encrypted-inference application. Build from the repository root:
#   docker build -f docker/app.Dockerfile -t fhe-streams/app .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl streams-app -am package -DskipTests

FROM eclipse-temurin:17-jre
# the engine's vectorized FFT needs jdk.incubator.vector (fail the build, not the start, if the JRE lacks it)
RUN java --list-modules | grep -q '^jdk.incubator.vector@'
RUN groupadd --system fhe && useradd --system --gid fhe --home-dir /app --no-create-home fhe \
    && mkdir -p /app/config /app/state && chown -R fhe:fhe /app
WORKDIR /app
COPY --from=build /src/streams-app/target/fhe-app.jar /app/fhe-app.jar
COPY docker/app.properties /app/config/app.properties
USER fhe
# Prometheus metrics (app.metrics.port)
EXPOSE 9404
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=1000", "-jar", "/app/fhe-app.jar", "--config", "/app/config/app.properties"]
