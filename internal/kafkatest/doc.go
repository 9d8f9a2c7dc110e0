// Package kafkatest describes and controls the real Kafka cluster that the
// end-to-end tests run against: the three-broker KRaft cluster started by
// .ci/kafka/kafka.sh (make kafka-up), which writes its description into
// the environment (KAFKA_BROKERS, KAFKA_SASL_BROKERS, KAFKA_SSL_BROKERS,
// the SASL user, the TLS files, KAFKA_CONTROL, ...).
//
// It owns three things: reading that description (FromEnv), reaching every
// listener with franz-go, a client independent of the kafka-go code under
// test (Client, Admin), and the actions failover and back-pressure tests
// need: stopping, killing, pausing and restarting a broker by id through
// kafka.sh, finding a partition's leader and replicas, making a topic
// refuse writes, stopping a partition's followers, setting a produce quota,
// and waiting until the cluster is whole again. The tests themselves live
// with the packages they test; .ci/kafkactl is this package's command line.
package kafkatest
