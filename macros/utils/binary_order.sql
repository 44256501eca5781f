{#- A text expression that sorts by its bytes (code points), whatever the
    database's collation, so that "the greatest response_id" and the
    duplicate tie-break pick the same row on every engine. DuckDB, Spark and
    Snowflake compare binary by default; PostgreSQL follows the database
    collation (en_US sorts 'a' before 'B'), hence COLLATE "C". -#}
{% macro binary_order(expression) %}
    {{ return(adapter.dispatch('binary_order', 'loyalty')(expression)) }}
{% endmacro %}

{% macro default__binary_order(expression) -%}
    {{ expression }}
{%- endmacro %}

{% macro postgres__binary_order(expression) -%}
    ({{ expression }} collate "C")
{%- endmacro %}
