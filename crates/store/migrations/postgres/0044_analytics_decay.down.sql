DROP TABLE analytics_decay;
