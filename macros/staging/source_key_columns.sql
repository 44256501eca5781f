{#- Read from the base model's config, where the key is said once. -#}
{% macro source_key_columns(source_name) %}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.name == 'base_loyalty__' ~ source_name -%}
                {{ return(node.config.meta['key_columns']) }}
            {%- endif -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error("source_key_columns: no base model with meta.key_columns for '" ~ source_name ~ "'") }}
    {%- endif -%}
    {{ return(['row_key']) }}
{% endmacro %}
