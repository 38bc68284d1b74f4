package io.fhestreams.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs after {@code mvn package} (failsafe): every jar a Dockerfile copies out of the build stage
 * exists at that path, and is runnable (its manifest names a main class).
 */
class DockerImagesIT {
  private static final Pattern COPY_JAR = Pattern.compile("COPY --from=build /src/(\\S+\\.jar) ");

  @Test
  void dockerfilesShouldCopyJarsThatThePackagePhaseBuilt() throws Exception {
    for (String dockerfile : List.of("app.Dockerfile", "registry.Dockerfile")) {
      String text = Files.readString(DockerComposeTest.DOCKER.resolve(dockerfile));
      Matcher m = COPY_JAR.matcher(text);
      assertThat(m.find()).as(dockerfile + " copies a jar").isTrue();
      Path jar = Path.of("..").resolve(m.group(1));
      assertThat(jar).as(dockerfile).isRegularFile();
      try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
        assertThat(j.getManifest().getMainAttributes().getValue("Main-Class"))
            .as(jar.toString())
            .isNotBlank();
      }
      assertThat(text)
          .as(dockerfile + " runs as a non-root user")
          .contains("\nUSER fhe\n")
          .contains("FROM maven:3.9-eclipse-temurin-17 AS build")
          .contains("FROM eclipse-temurin:17-jre");
    }
  }
}
