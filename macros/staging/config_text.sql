{#- A configuration seed's value as clean text (clean_text: trimmed, empty is
    null). On Spark, dbt-spark writes a seed's empty values as the text
    'None', which is read back as null here too. -#}
{% macro config_text(expression) %}
    {{ return(adapter.dispatch('config_text', 'loyalty')(expression)) }}
{% endmacro %}

{% macro default__config_text(expression) -%}
    {{ loyalty.clean_text(expression) }}
{%- endmacro %}

{% macro spark__config_text(expression) -%}
    nullif({{ loyalty.clean_text(expression) }}, 'None')
{%- endmacro %}
