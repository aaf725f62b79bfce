/**
 * Record formats and datasets: what a Kluster input record looks like on the wire, how it is
 * parsed without ever throwing, how assignments and dead letters are written, and how offline
 * datasets (IDX, CSV, JSONL) are read for the demo feeder and for tests.
 *
 * <p>Nothing in this package depends on DJL or on Kafka Streams processor classes, so producers
 * and test tools can use it with only kafka-clients and Jackson on the classpath.
 */
package io.kluster.data;
