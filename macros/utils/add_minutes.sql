{% macro add_minutes(timestamp_expression, minutes) %}
    {{ return(adapter.dispatch('add_minutes', 'loyalty')(timestamp_expression, minutes)) }}
{% endmacro %}

{% macro default__add_minutes(timestamp_expression, minutes) -%}
    {{ dbt.dateadd('minute', minutes, timestamp_expression) }}
{%- endmacro %}

{% macro spark__add_minutes(timestamp_expression, minutes) -%}
    timestampadd(minute, {{ minutes }}, {{ timestamp_expression }})
{%- endmacro %}
