# syntax=docker/dockerfile:1
#
# Structure resolver image (structure/resolver: OPSIN and CDK behind a small
# HTTP service; docs/structure.md). Build from the repository root:
#
#   docker build -f deploy/resolver.Dockerfile -t precursor-resolver .
#
# The build context is the repository root; deploy/resolver.Dockerfile.dockerignore
# lets only the resolver's pom and sources in. Every dependency version is
# pinned in the pom (jars from Maven Central); the jar's entry times are
# fixed, so the same sources give the same jar.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so source edits do not refetch them.
COPY structure/resolver/pom.xml ./
RUN --mount=type=cache,target=/root/.m2 mvn -q -B dependency:go-offline
COPY structure/resolver/src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -q -B -DskipTests package \
    && test -s target/resolver.jar

FROM eclipse-temurin:17-jre
COPY --from=build /src/target/resolver.jar /opt/resolver/resolver.jar
USER 65532:65532
# POST /v1/resolve, GET /healthz, GET /v1/info.
EXPOSE 8795
# The heap is bounded (128 MiB; resident memory about 170 MiB); the JVM
# writes only to /tmp (the InChI native library is unpacked there).
ENTRYPOINT ["java", "-Xmx128m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-jar", "/opt/resolver/resolver.jar"]
# Arguments: -listen HOST:PORT, -workers N, -timeout-ms MS, -max-queries N.
CMD ["-listen", "0.0.0.0:8795"]
