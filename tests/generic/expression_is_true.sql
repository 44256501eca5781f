{#- Passes when `expression` holds on every row (rows where it is false or
    null are returned as failures). -#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce({{ expression }}, false)
{% endtest %}
