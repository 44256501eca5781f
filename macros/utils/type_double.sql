{% macro type_double() %}
    {{ return(adapter.dispatch('type_double', 'loyalty')()) }}
{% endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}
