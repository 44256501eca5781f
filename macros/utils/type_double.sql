{#- 8-byte floating point for rates and averages (dbt.type_float() is a
    4-byte float on DuckDB, too coarse for a rate). -#}
{% macro type_double() %}
    {{ return(adapter.dispatch('type_double', 'loyalty')()) }}
{% endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}
